// Fake credentials built at test time from pieces and random characters of the right alphabet and
// length, so no whole token is ever committed. Seeded, so a failure reproduces.

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
export const ALNUM = UPPER + LOWER + DIGITS;
export const URLSAFE = `${ALNUM}_-`;
export const B64 = `${ALNUM}+/`;
export const HEX = '0123456789abcdef';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export class Rand {
  private state: number;
  constructor(seed = 20261123) {
    this.state = seed >>> 0;
  }
  /** mulberry32 */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  str(alphabet: string, length: number): string {
    let s = '';
    for (let i = 0; i < length; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }
}

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** A signed-looking JWT with the given payload (the signature is random: nothing verifies it). */
export function fakeJwt(r: Rand, payload: Record<string, unknown>): string {
  return [b64url({ alg: 'HS256', typ: 'JWT' }), b64url(payload), r.str(URLSAFE, 43)].join('.');
}

export interface FakeCase {
  kind: string;
  /** The variable the token is assigned to in the generated files (context-bound formats need it). */
  name: string;
  make(r: Rand): string;
  /** Expected severity when not 'error'. */
  severity?: 'warning' | 'info';
}

// Prefixes are split ('sk-' + 'proj-') so that even the source of this file holds no token shape.
export const FAKE_CASES: readonly FakeCase[] = [
  {
    kind: 'openai-api-key',
    name: 'OPENAI_API_KEY',
    make: (r) => `sk-${'proj'}-${r.str(URLSAFE, 74)}${'T3Blbk'}FJ${r.str(URLSAFE, 74)}`,
  },
  {
    kind: 'openai-api-key',
    name: 'OPENAI_API_KEY',
    make: (r) => `sk-${r.str(ALNUM, 20)}${'T3Blbk'}FJ${r.str(ALNUM, 20)}`,
  },
  { kind: 'openai-api-key', name: 'OPENAI_KEY', make: (r) => `sk-${r.str(ALNUM, 48)}` },
  { kind: 'anthropic-api-key', name: 'ANTHROPIC_API_KEY', make: (r) => `sk-${'ant'}-api03-${r.str(URLSAFE, 93)}AA` },
  { kind: 'google-api-key', name: 'GOOGLE_API_KEY', make: (r) => `AI${'za'}Sy${r.str(URLSAFE, 33)}` },
  {
    kind: 'google-oauth-client-secret',
    name: 'GOOGLE_CLIENT_SECRET',
    make: (r) => `GOC${'SPX'}-${r.str(URLSAFE, 28)}`,
  },
  { kind: 'groq-api-key', name: 'GROQ_API_KEY', make: (r) => `gs${'k_'}${r.str(ALNUM, 52)}` },
  { kind: 'openrouter-api-key', name: 'OPENROUTER_API_KEY', make: (r) => `sk-${'or'}-v1-${r.str(HEX, 64)}` },
  { kind: 'xai-api-key', name: 'XAI_API_KEY', make: (r) => `xa${'i-'}${r.str(ALNUM, 80)}` },
  { kind: 'perplexity-api-key', name: 'PPLX_API_KEY', make: (r) => `pp${'lx-'}${r.str(ALNUM, 48)}` },
  { kind: 'replicate-api-token', name: 'REPLICATE_API_TOKEN', make: (r) => `r${'8_'}${r.str(ALNUM, 37)}` },
  { kind: 'huggingface-token', name: 'HF_TOKEN', make: (r) => `h${'f_'}${r.str(UPPER + LOWER, 34)}` },
  {
    kind: 'langsmith-api-key',
    name: 'LANGSMITH_API_KEY',
    make: (r) => `lsv${'2_pt_'}${r.str(HEX, 32)}_${r.str(HEX, 10)}`,
  },
  { kind: 'tavily-api-key', name: 'TAVILY_API_KEY', make: (r) => `tv${'ly-'}${r.str(ALNUM, 32)}` },
  {
    kind: 'pinecone-api-key',
    name: 'PINECONE_API_KEY',
    make: (r) => `pc${'sk_'}${r.str(ALNUM, 6)}_${r.str(ALNUM, 60)}`,
  },
  { kind: 'elevenlabs-api-key', name: 'ELEVEN_KEY', make: (r) => `s${'k_'}${r.str(HEX, 48)}` },
  { kind: 'elevenlabs-api-key', name: 'ELEVENLABS_API_KEY', make: (r) => r.str(HEX, 32) },
  { kind: 'cohere-api-key', name: 'COHERE_API_KEY', make: (r) => r.str(ALNUM, 40) },
  { kind: 'mistral-api-key', name: 'MISTRAL_API_KEY', make: (r) => r.str(ALNUM, 32) },
  { kind: 'deepgram-api-key', name: 'DEEPGRAM_API_KEY', make: (r) => r.str(HEX, 40) },
  { kind: 'assemblyai-api-key', name: 'ASSEMBLYAI_API_KEY', make: (r) => r.str(HEX, 32) },
  { kind: 'azure-openai-api-key', name: 'AZURE_OPENAI_API_KEY', make: (r) => r.str(HEX, 32) },
  { kind: 'github-token', name: 'GITHUB_TOKEN', make: (r) => `gh${'p_'}${r.str(ALNUM, 36)}` },
  { kind: 'github-token', name: 'GH_TOKEN', make: (r) => `github${'_pat_'}${r.str(ALNUM, 22)}_${r.str(ALNUM, 59)}` },
  { kind: 'gitlab-token', name: 'GITLAB_TOKEN', make: (r) => `gl${'pat-'}${r.str(URLSAFE, 20)}` },
  { kind: 'npm-token', name: 'NPM_TOKEN', make: (r) => `np${'m_'}${r.str(ALNUM, 36)}` },
  { kind: 'pypi-token', name: 'PYPI_TOKEN', make: (r) => `py${'pi-'}AgEIcHlwaS5vcmc${r.str(URLSAFE, 70)}` },
  { kind: 'rubygems-api-key', name: 'GEM_HOST_API_KEY', make: (r) => `ruby${'gems_'}${r.str(HEX, 48)}` },
  { kind: 'docker-hub-token', name: 'DOCKERHUB_TOKEN', make: (r) => `dckr${'_pat_'}${r.str(URLSAFE, 27)}` },
  { kind: 'postman-api-key', name: 'POSTMAN_API_KEY', make: (r) => `PM${'AK-'}${r.str(HEX, 24)}-${r.str(HEX, 34)}` },
  { kind: 'pulumi-token', name: 'PULUMI_ACCESS_TOKEN', make: (r) => `pu${'l-'}${r.str(HEX, 40)}` },
  {
    kind: 'terraform-cloud-token',
    name: 'TFC_TOKEN',
    make: (r) => `${r.str(ALNUM, 14)}.atlas${'v1'}.${r.str(URLSAFE, 67)}`,
  },
  { kind: 'vault-token', name: 'VAULT_TOKEN', make: (r) => `hv${'s.'}${r.str(URLSAFE, 90)}` },
  { kind: 'doppler-token', name: 'DOPPLER_TOKEN', make: (r) => `dp${'.st.'}${r.str(ALNUM, 43)}` },
  { kind: 'buildkite-token', name: 'BUILDKITE_API_TOKEN', make: (r) => `bk${'ua_'}${r.str(HEX, 40)}` },
  { kind: 'sourcegraph-token', name: 'SRC_ACCESS_TOKEN', make: (r) => `sg${'p_'}${r.str(HEX, 16)}_${r.str(HEX, 40)}` },
  { kind: 'databricks-token', name: 'DATABRICKS_TOKEN', make: (r) => `da${'pi'}${r.str(HEX, 32)}` },
  { kind: 'grafana-token', name: 'GRAFANA_TOKEN', make: (r) => `gl${'sa_'}${r.str(ALNUM, 32)}_${r.str(HEX, 8)}` },
  { kind: 'newrelic-api-key', name: 'NEW_RELIC_API_KEY', make: (r) => `NR${'AK-'}${r.str(UPPER + DIGITS, 27)}` },
  {
    kind: 'dynatrace-token',
    name: 'DT_API_TOKEN',
    make: (r) => `dt0${'c01.'}${r.str(UPPER + DIGITS, 24)}.${r.str(UPPER + DIGITS, 64)}`,
  },
  { kind: 'sentry-token', name: 'SENTRY_AUTH_TOKEN', make: (r) => `sntr${'yu_'}${r.str(HEX, 64)}` },
  {
    kind: 'sentry-dsn-secret',
    name: 'SENTRY_DSN',
    make: (r) => `https://${r.str(HEX, 32)}:${r.str(HEX, 32)}@o12345.ingest.sentry.io/678`,
  },
  { kind: 'datadog-api-key', name: 'DD_API_KEY', make: (r) => r.str(HEX, 32) },
  { kind: 'okta-api-token', name: 'OKTA_API_TOKEN', make: (r) => `00${r.str(URLSAFE, 40)}` },
  { kind: 'atlassian-api-token', name: 'JIRA_API_TOKEN', make: (r) => `ATA${'TT3'}${r.str(URLSAFE, 180)}` },
  { kind: 'linear-api-key', name: 'LINEAR_API_KEY', make: (r) => `lin${'_api_'}${r.str(ALNUM, 40)}` },
  { kind: 'notion-token', name: 'NOTION_TOKEN', make: (r) => `nt${'n_'}${r.str(ALNUM, 46)}` },
  { kind: 'notion-token', name: 'NOTION_KEY', make: (r) => `secr${'et_'}${r.str(ALNUM, 43)}` },
  { kind: 'figma-token', name: 'FIGMA_TOKEN', make: (r) => `fig${'d_'}${r.str(URLSAFE, 40)}` },
  { kind: 'asana-token', name: 'ASANA_TOKEN', make: (r) => `1/${r.str(DIGITS, 16)}:${r.str(HEX, 32)}` },
  { kind: 'airtable-token', name: 'AIRTABLE_TOKEN', make: (r) => `pa${'t'}${r.str(ALNUM, 14)}.${r.str(HEX, 64)}` },
  { kind: 'contentful-token', name: 'CONTENTFUL_TOKEN', make: (r) => `CF${'PAT-'}${r.str(URLSAFE, 43)}` },
  { kind: 'algolia-api-key', name: 'ALGOLIA_ADMIN_KEY', make: (r) => r.str(HEX, 32), severity: 'warning' },
  { kind: 'aws-access-key-id', name: 'AWS_ACCESS_KEY_ID', make: (r) => `AK${'IA'}${r.str(BASE32, 16)}` },
  { kind: 'aws-secret-access-key', name: 'AWS_SECRET_ACCESS_KEY', make: (r) => r.str(B64, 40) },
  {
    kind: 'azure-storage-key',
    name: 'AZURE_STORAGE_CONNECTION_STRING',
    make: (r) =>
      `DefaultEndpointsProtocol=https;AccountName=demo;Account${'Key='}${r.str(B64, 86)}==;EndpointSuffix=core` +
      `.windows.net`,
  },
  {
    kind: 'azure-shared-access-key',
    name: 'SERVICEBUS_CONNECTION',
    make: (r) =>
      `Endpoint=sb://demo.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccess${'Key='}${r.str(B64, 43)}=`,
  },
  { kind: 'digitalocean-token', name: 'DIGITALOCEAN_TOKEN', make: (r) => `do${'p_v1_'}${r.str(HEX, 64)}` },
  {
    kind: 'heroku-api-key',
    name: 'HEROKU_API_KEY',
    make: (r) => `${r.str(HEX, 8)}-${r.str(HEX, 4)}-4${r.str(HEX, 3)}-a${r.str(HEX, 3)}-${r.str(HEX, 12)}`,
  },
  { kind: 'heroku-api-key', name: 'HEROKU_KEY', make: (r) => `HR${'KU-'}AA${r.str(URLSAFE, 58)}` },
  { kind: 'flyio-token', name: 'FLY_API_TOKEN', make: (r) => `fo${'1_'}${r.str(URLSAFE, 43)}` },
  { kind: 'netlify-token', name: 'NETLIFY_AUTH_TOKEN', make: (r) => `nf${'p_'}${r.str(ALNUM, 36)}` },
  { kind: 'vercel-token', name: 'VERCEL_TOKEN', make: (r) => r.str(ALNUM, 24) },
  { kind: 'cloudflare-api-token', name: 'CLOUDFLARE_API_TOKEN', make: (r) => r.str(URLSAFE, 40) },
  { kind: 'alibaba-access-key', name: 'ALIBABA_CLOUD_ACCESS_KEY_ID', make: (r) => `LT${'AI'}${r.str(ALNUM, 20)}` },
  { kind: 'supabase-token', name: 'SUPABASE_ACCESS_TOKEN', make: (r) => `sb${'p_'}${r.str(HEX, 40)}` },
  { kind: 'supabase-secret-key', name: 'SUPABASE_SECRET_KEY', make: (r) => `sb_${'secret_'}${r.str(URLSAFE, 32)}` },
  {
    kind: 'supabase-service-role-key',
    name: 'SUPABASE_SERVICE_ROLE_KEY',
    make: (r) =>
      fakeJwt(r, { iss: 'supabase', ref: r.str(LOWER, 20), role: 'service_role', iat: 1700000000, exp: 2000000000 }),
  },
  { kind: 'planetscale-token', name: 'PLANETSCALE_TOKEN', make: (r) => `psc${'ale_tkn_'}${r.str(URLSAFE, 43)}` },
  { kind: 'neon-api-key', name: 'NEON_API_KEY', make: (r) => `na${'pi_'}${r.str(LOWER + DIGITS, 64)}` },
  {
    kind: 'firebase-server-key',
    name: 'FCM_SERVER_KEY',
    make: (r) => `AAAA${r.str(URLSAFE, 7)}:APA${'91b'}${r.str(URLSAFE, 134)}`,
  },
  {
    kind: 'mapbox-secret-token',
    name: 'MAPBOX_SECRET_TOKEN',
    make: (r) => `sk.${'eyJ'}1Ijoi${r.str(URLSAFE, 60)}.${r.str(URLSAFE, 22)}`,
  },
  { kind: 'stripe-secret-key', name: 'STRIPE_SECRET_KEY', make: (r) => `sk_${'live'}_${r.str(ALNUM, 99)}` },
  { kind: 'stripe-secret-key', name: 'STRIPE_RESTRICTED_KEY', make: (r) => `rk_${'live'}_${r.str(ALNUM, 24)}` },
  { kind: 'stripe-webhook-secret', name: 'STRIPE_WEBHOOK_SECRET', make: (r) => `wh${'sec_'}${r.str(ALNUM, 32)}` },
  { kind: 'shopify-token', name: 'SHOPIFY_ACCESS_TOKEN', make: (r) => `shp${'at_'}${r.str(HEX, 32)}` },
  { kind: 'square-token', name: 'SQUARE_ACCESS_TOKEN', make: (r) => `EA${'AA'}${r.str(URLSAFE, 60)}` },
  { kind: 'square-token', name: 'SQUARE_SECRET', make: (r) => `sq0${'csp-'}${r.str(URLSAFE, 43)}` },
  {
    kind: 'paypal-braintree-token',
    name: 'BRAINTREE_ACCESS_TOKEN',
    make: (r) => `access_token$${'production'}$${r.str(LOWER + DIGITS, 16)}$${r.str(HEX, 32)}`,
  },
  {
    kind: 'slack-token',
    name: 'SLACK_BOT_TOKEN',
    make: (r) => `xo${'xb-'}${r.str(DIGITS, 12)}-${r.str(DIGITS, 13)}-${r.str(ALNUM, 24)}`,
  },
  {
    kind: 'slack-token',
    name: 'SLACK_APP_TOKEN',
    make: (r) => `xa${'pp-'}1-A${r.str(UPPER + DIGITS, 10)}-${r.str(DIGITS, 13)}-${r.str(HEX, 64)}`,
  },
  {
    kind: 'slack-webhook',
    name: 'SLACK_WEBHOOK_URL',
    make: (r) =>
      `https://hooks.${'slack'}.com/services/T${r.str(UPPER + DIGITS, 8)}/B` +
      `${r.str(UPPER + DIGITS, 10)}/${r.str(ALNUM, 24)}`,
  },
  {
    kind: 'discord-bot-token',
    name: 'DISCORD_TOKEN',
    make: (r) => `MT${r.str(ALNUM, 24)}.${r.str(URLSAFE, 6)}.${r.str(URLSAFE, 38)}`,
  },
  {
    kind: 'discord-webhook',
    name: 'DISCORD_WEBHOOK_URL',
    make: (r) => `https://discord.com/api/${'webhooks'}/${r.str(DIGITS, 18)}/${r.str(URLSAFE, 68)}`,
  },
  {
    kind: 'telegram-bot-token',
    name: 'TELEGRAM_BOT_TOKEN',
    make: (r) => `${r.str(DIGITS, 10)}:AA${r.str(URLSAFE, 33)}`,
  },
  { kind: 'twilio-api-key', name: 'TWILIO_API_KEY', make: (r) => `S${'K'}${r.str(HEX, 32)}` },
  { kind: 'twilio-api-key', name: 'TWILIO_ACCOUNT_SID', make: (r) => `A${'C'}${r.str(HEX, 32)}`, severity: 'warning' },
  { kind: 'twilio-auth-token', name: 'TWILIO_AUTH_TOKEN', make: (r) => r.str(HEX, 32) },
  {
    kind: 'sendgrid-api-key',
    name: 'SENDGRID_API_KEY',
    make: (r) => `S${'G.'}${r.str(URLSAFE, 22)}.${r.str(URLSAFE, 43)}`,
  },
  { kind: 'mailgun-api-key', name: 'MAILGUN_API_KEY', make: (r) => `ke${'y-'}${r.str(HEX, 32)}` },
  { kind: 'mailgun-api-key', name: 'MAILGUN_KEY', make: (r) => `${r.str(HEX, 32)}-${r.str(HEX, 8)}-${r.str(HEX, 8)}` },
  { kind: 'mailchimp-api-key', name: 'MAILCHIMP_API_KEY', make: (r) => `${r.str(HEX, 32)}-u${'s2'}1` },
  {
    kind: 'postmark-token',
    name: 'POSTMARK_SERVER_TOKEN',
    make: (r) => `${r.str(HEX, 8)}-${r.str(HEX, 4)}-${r.str(HEX, 4)}-${r.str(HEX, 4)}-${r.str(HEX, 12)}`,
  },
  { kind: 'resend-api-key', name: 'RESEND_API_KEY', make: (r) => `r${'e_'}${r.str(ALNUM, 8)}_${r.str(ALNUM, 24)}` },
  { kind: 'brevo-api-key', name: 'BREVO_API_KEY', make: (r) => `xkey${'sib-'}${r.str(HEX, 64)}-${r.str(ALNUM, 16)}` },
  { kind: 'twitch-token', name: 'TWITCH_CLIENT_SECRET', make: (r) => r.str(LOWER + DIGITS, 30) },
  { kind: 'dropbox-token', name: 'DROPBOX_ACCESS_TOKEN', make: (r) => `s${'l.'}${r.str(URLSAFE, 140)}` },
  { kind: 'facebook-access-token', name: 'FACEBOOK_ACCESS_TOKEN', make: (r) => `EA${'A'}${r.str(ALNUM, 150)}` },
  {
    kind: 'age-secret-key',
    name: 'AGE_KEY',
    make: (r) => `AGE-${'SECRET'}-KEY-1${r.str('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58)}`,
  },
];

/** A fake PEM private key block (random body). */
export function fakePrivateKey(r: Rand, label = 'RSA PRIVATE KEY'): string {
  const lines = Array.from({ length: 6 }, () => r.str(B64, 64));
  return [`-----BEGIN ${label}-----`, ...lines, `-----END ${label}-----`].join('\n');
}
