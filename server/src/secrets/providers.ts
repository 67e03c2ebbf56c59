// The provider table: one row per recognisable token format (prefix, alphabet, length), data only.
// Formats come from the providers' own documentation of their key shapes; rows without a distinctive
// prefix (`near`) only match next to the provider's name, so they cannot fire on random text.
import type { Severity } from '../core/types';
import { near, tok, UUID_SOURCE, type Provider } from './patterns';

/** Firebase web config keys are public by design; Google restricts them by referrer/app instead. */
function googleKeyCheck(_value: string, text: string, start: number, path: string): boolean | Severity {
  if (/(?:^|\/)(?:google-services\.json|GoogleService-Info\.plist)$/.test(path)) return 'info';
  const before = text.slice(Math.max(0, start - 1500), start);
  return /firebaseConfig|firebase\.initializeApp|authDomain|messagingSenderId/.test(before) ? 'info' : true;
}

const awsExample = (v: string): boolean | Severity => (/EXAMPLE/.test(v) ? 'info' : true);

export const PROVIDERS: readonly Provider[] = [
  // AI and ML platforms
  { id: 'openai-api-key', title: 'OpenAI API key', envName: 'OPENAI_API_KEY', keywords: ['sk-proj-', 'sk-svcacct-', 'sk-admin-', 'sk-None-'], pattern: tok('sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{40,250}') },
  { id: 'openai-api-key', title: 'OpenAI API key', envName: 'OPENAI_API_KEY', keywords: ['T3BlbkFJ'], pattern: tok('sk-[A-Za-z0-9_-]{16,120}T3BlbkFJ[A-Za-z0-9_-]{16,120}') },
  { id: 'openai-api-key', title: 'OpenAI API key (legacy)', envName: 'OPENAI_API_KEY', keywords: ['sk-'], pattern: tok('sk-[A-Za-z0-9]{48}') },
  { id: 'anthropic-api-key', title: 'Anthropic API key', envName: 'ANTHROPIC_API_KEY', keywords: ['sk-ant-'], pattern: tok('sk-ant-[a-z]{3,6}[0-9]{2}-[A-Za-z0-9_-]{80,120}') },
  { id: 'google-api-key', title: 'Google API key', envName: 'GOOGLE_API_KEY', keywords: ['AIza'], pattern: tok('AIza[0-9A-Za-z_-]{35}'), check: googleKeyCheck },
  { id: 'google-oauth-client-secret', title: 'Google OAuth client secret', envName: 'GOOGLE_CLIENT_SECRET', keywords: ['GOCSPX-'], pattern: tok('GOCSPX-[A-Za-z0-9_-]{28}') },
  { id: 'groq-api-key', title: 'Groq API key', envName: 'GROQ_API_KEY', keywords: ['gsk_'], pattern: tok('gsk_[A-Za-z0-9]{52}') },
  { id: 'openrouter-api-key', title: 'OpenRouter API key', envName: 'OPENROUTER_API_KEY', keywords: ['sk-or-'], pattern: tok('sk-or-v1-[0-9a-f]{64}') },
  { id: 'xai-api-key', title: 'xAI (Grok) API key', envName: 'XAI_API_KEY', keywords: ['xai-'], pattern: tok('xai-[A-Za-z0-9]{80}') },
  { id: 'perplexity-api-key', title: 'Perplexity API key', envName: 'PERPLEXITY_API_KEY', keywords: ['pplx-'], pattern: tok('pplx-[A-Za-z0-9]{48}') },
  { id: 'replicate-api-token', title: 'Replicate API token', envName: 'REPLICATE_API_TOKEN', keywords: ['r8_'], pattern: tok('r8_[A-Za-z0-9]{37}') },
  { id: 'huggingface-token', title: 'Hugging Face token', envName: 'HF_TOKEN', keywords: ['hf_', 'api_org_'], pattern: tok('(?:hf_|api_org_)[A-Za-z]{34}') },
  { id: 'langsmith-api-key', title: 'LangSmith API key', envName: 'LANGSMITH_API_KEY', keywords: ['lsv2_'], pattern: tok('lsv2_(?:pt|sk)_[0-9a-f]{32}_[0-9a-f]{10}') },
  { id: 'tavily-api-key', title: 'Tavily API key', envName: 'TAVILY_API_KEY', keywords: ['tvly-'], pattern: tok('tvly-(?:dev-|prod-)?[A-Za-z0-9]{32}') },
  { id: 'pinecone-api-key', title: 'Pinecone API key', envName: 'PINECONE_API_KEY', keywords: ['pcsk_'], pattern: tok('pcsk_[A-Za-z0-9_]{50,90}') },
  { id: 'elevenlabs-api-key', title: 'ElevenLabs API key', envName: 'ELEVENLABS_API_KEY', keywords: ['sk_'], pattern: tok('sk_[0-9a-f]{48}') },
  { id: 'elevenlabs-api-key', title: 'ElevenLabs API key', envName: 'ELEVENLABS_API_KEY', keywords: ['elevenlabs', 'xi-api-key', 'xi_api_key'], pattern: near('elevenlabs|xi[-_]api[-_]key', '[0-9a-f]{32}') },
  { id: 'cohere-api-key', title: 'Cohere API key', envName: 'COHERE_API_KEY', keywords: ['cohere', 'co_api_key'], pattern: near('cohere|co_api_key', '[A-Za-z0-9]{40}') },
  { id: 'mistral-api-key', title: 'Mistral API key', envName: 'MISTRAL_API_KEY', keywords: ['mistral'], pattern: near('mistral', '[A-Za-z0-9]{32}') },
  { id: 'deepgram-api-key', title: 'Deepgram API key', envName: 'DEEPGRAM_API_KEY', keywords: ['deepgram'], pattern: near('deepgram', '[0-9a-f]{40}') },
  { id: 'assemblyai-api-key', title: 'AssemblyAI API key', envName: 'ASSEMBLYAI_API_KEY', keywords: ['assembly'], pattern: near('assembly_?ai', '[0-9a-f]{32}') },
  { id: 'azure-openai-api-key', title: 'Azure OpenAI / AI services key', envName: 'AZURE_OPENAI_API_KEY', keywords: ['azure'], pattern: near('azure_?open_?ai|azure_?(?:cognitive|speech|ai|ml)', '[A-Za-z0-9]{84}|[0-9a-f]{32}') },
  // Code hosting, registries, CI and infrastructure tooling
  { id: 'github-token', title: 'GitHub token', envName: 'GITHUB_TOKEN', keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], pattern: tok('gh[pousr]_[A-Za-z0-9]{36}') },
  { id: 'github-token', title: 'GitHub fine-grained token', envName: 'GITHUB_TOKEN', keywords: ['github_pat_'], pattern: tok('github_pat_[A-Za-z0-9_]{82}') },
  { id: 'gitlab-token', title: 'GitLab token', envName: 'GITLAB_TOKEN', keywords: ['glpat-', 'glptt-', 'gldt-', 'glrt-', 'glcbt-', 'glsoat-', 'gloas-'], pattern: tok('gl(?:pat|ptt|dt|rt|cbt|soat|oas)-[A-Za-z0-9_-]{20,64}') },
  { id: 'npm-token', title: 'npm access token', envName: 'NPM_TOKEN', keywords: ['npm_'], pattern: tok('npm_[A-Za-z0-9]{36}') },
  { id: 'npm-token', title: 'npm auth token (.npmrc)', envName: 'NPM_TOKEN', keywords: ['_authtoken'], pattern: new RegExp(`_authToken=(?<v>${UUID_SOURCE})(?![A-Za-z0-9-])`, 'dg') },
  { id: 'pypi-token', title: 'PyPI API token', envName: 'PYPI_TOKEN', keywords: ['pypi-'], pattern: tok('pypi-AgE[A-Za-z0-9_-]{50,400}') },
  { id: 'rubygems-api-key', title: 'RubyGems API key', envName: 'GEM_HOST_API_KEY', keywords: ['rubygems_'], pattern: tok('rubygems_[0-9a-f]{48}') },
  { id: 'docker-hub-token', title: 'Docker Hub access token', envName: 'DOCKERHUB_TOKEN', keywords: ['dckr_pat_'], pattern: tok('dckr_pat_[A-Za-z0-9_-]{27}') },
  { id: 'postman-api-key', title: 'Postman API key', envName: 'POSTMAN_API_KEY', keywords: ['PMAK-'], pattern: tok('PMAK-[0-9a-f]{24}-[0-9a-f]{34}') },
  { id: 'pulumi-token', title: 'Pulumi access token', envName: 'PULUMI_ACCESS_TOKEN', keywords: ['pul-'], pattern: tok('pul-[0-9a-f]{40}') },
  { id: 'terraform-cloud-token', title: 'Terraform Cloud token', envName: 'TFC_TOKEN', keywords: ['atlasv1'], pattern: tok('[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70}') },
  { id: 'vault-token', title: 'HashiCorp Vault token', envName: 'VAULT_TOKEN', keywords: ['hvs.', 'hvb.'], pattern: tok('hv[sb]\\.[A-Za-z0-9_-]{24,200}') },
  { id: 'doppler-token', title: 'Doppler token', envName: 'DOPPLER_TOKEN', keywords: ['dp.'], pattern: tok('dp\\.(?:st|sa|ct|pt|scim|audit)\\.[A-Za-z0-9_.-]{40,60}') },
  { id: 'buildkite-token', title: 'Buildkite API token', envName: 'BUILDKITE_API_TOKEN', keywords: ['bkua_'], pattern: tok('bkua_[0-9a-f]{40}') },
  { id: 'sourcegraph-token', title: 'Sourcegraph access token', envName: 'SRC_ACCESS_TOKEN', keywords: ['sgp_'], pattern: tok('sgp_(?:[0-9a-f]{16}_)?[0-9a-f]{40}') },
  { id: 'databricks-token', title: 'Databricks access token', envName: 'DATABRICKS_TOKEN', keywords: ['dapi'], pattern: tok('dapi[0-9a-f]{32}(?:-[0-9])?') },
  { id: 'grafana-token', title: 'Grafana service account token', envName: 'GRAFANA_TOKEN', keywords: ['glsa_'], pattern: tok('glsa_[A-Za-z0-9]{32}_[0-9a-f]{8}') },
  { id: 'grafana-token', title: 'Grafana Cloud token', envName: 'GRAFANA_CLOUD_TOKEN', keywords: ['glc_'], pattern: tok('glc_[A-Za-z0-9+/]{32,400}={0,2}') },
  { id: 'newrelic-api-key', title: 'New Relic user API key', envName: 'NEW_RELIC_API_KEY', keywords: ['NRAK-'], pattern: tok('NRAK-[A-Z0-9]{27}') },
  { id: 'dynatrace-token', title: 'Dynatrace API token', envName: 'DT_API_TOKEN', keywords: ['dt0c01.'], pattern: tok('dt0c01\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}') },
  { id: 'sentry-token', title: 'Sentry auth token', envName: 'SENTRY_AUTH_TOKEN', keywords: ['sntryu_', 'sntrys_'], pattern: tok('sntryu_[0-9a-f]{64}|sntrys_[A-Za-z0-9+/=_]{60,400}') },
  { id: 'sentry-dsn-secret', title: 'Sentry DSN with its secret part', envName: 'SENTRY_DSN', keywords: ['sentry', 'dsn'], pattern: /https?:\/\/[0-9a-f]{32}:(?<v>[0-9a-f]{32})@[A-Za-z0-9.-]{1,100}(?::[0-9]{1,5})?\/[0-9]{1,12}/dg },
  { id: 'datadog-api-key', title: 'Datadog API/application key', envName: 'DD_API_KEY', keywords: ['datadog', 'dd_api', 'dd_app', 'dd-api', 'dd-app', 'ddapi', 'ddapp'], pattern: near('datadog|dd[_-]?api|dd[_-]?app', '[0-9a-f]{40}|[0-9a-f]{32}') },
  { id: 'okta-api-token', title: 'Okta API token', envName: 'OKTA_API_TOKEN', keywords: ['okta'], pattern: near('okta', '00[A-Za-z0-9_-]{40}') },
  { id: 'atlassian-api-token', title: 'Atlassian API token', envName: 'ATLASSIAN_API_TOKEN', keywords: ['ATATT3'], pattern: tok('ATATT3[A-Za-z0-9_=-]{150,250}') },
  { id: 'linear-api-key', title: 'Linear API key', envName: 'LINEAR_API_KEY', keywords: ['lin_api_'], pattern: tok('lin_api_[A-Za-z0-9]{40}') },
  { id: 'notion-token', title: 'Notion integration token', envName: 'NOTION_TOKEN', keywords: ['secret_', 'ntn_'], pattern: tok('secret_[A-Za-z0-9]{43}|ntn_[A-Za-z0-9]{46}') },
  { id: 'figma-token', title: 'Figma personal access token', envName: 'FIGMA_TOKEN', keywords: ['figd_'], pattern: tok('figd_[A-Za-z0-9_-]{40}') },
  { id: 'asana-token', title: 'Asana personal access token', envName: 'ASANA_TOKEN', keywords: ['asana'], pattern: near('asana', '[0-9]/[0-9]{10,20}(?:/[0-9]{10,20})?:[0-9a-f]{32}') },
  { id: 'airtable-token', title: 'Airtable personal access token', envName: 'AIRTABLE_TOKEN', keywords: ['pat'], pattern: tok('pat[A-Za-z0-9]{14}\\.[0-9a-f]{64}') },
  { id: 'contentful-token', title: 'Contentful personal access token', envName: 'CONTENTFUL_MANAGEMENT_TOKEN', keywords: ['CFPAT-'], pattern: tok('CFPAT-[A-Za-z0-9_-]{43}') },
  { id: 'algolia-api-key', title: 'Algolia API key', envName: 'ALGOLIA_API_KEY', keywords: ['algolia'], severity: 'warning', pattern: near('algolia[A-Za-z0-9_.-]{0,20}(?:admin|write|api)', '[0-9a-f]{32}') },
  // Cloud and hosting
  { id: 'aws-access-key-id', title: 'AWS access key id', envName: 'AWS_ACCESS_KEY_ID', keywords: ['AKIA', 'ASIA', 'ABIA', 'ACCA'], pattern: tok('(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}'), check: awsExample },
  { id: 'aws-secret-access-key', title: 'AWS secret access key', envName: 'AWS_SECRET_ACCESS_KEY', keywords: ['aws', 'secret_access', 'secretaccess'], pattern: near('aws[A-Za-z0-9_.-]{0,20}secret|secret_?access_?key', '[A-Za-z0-9/+]{40}'), check: awsExample },
  { id: 'azure-storage-key', title: 'Azure storage account key', envName: 'AZURE_STORAGE_CONNECTION_STRING', keywords: ['AccountKey='], pattern: /AccountKey=(?<v>[A-Za-z0-9+/]{86}==)/dg },
  { id: 'azure-shared-access-key', title: 'Azure Service Bus / Event Hubs key', envName: 'AZURE_SERVICEBUS_CONNECTION_STRING', keywords: ['SharedAccessKey='], pattern: /SharedAccessKey=(?<v>[A-Za-z0-9+/]{43}=)/dg },
  { id: 'digitalocean-token', title: 'DigitalOcean token', envName: 'DIGITALOCEAN_TOKEN', keywords: ['dop_v1_', 'doo_v1_', 'dor_v1_'], pattern: tok('do[opr]_v1_[0-9a-f]{64}') },
  { id: 'heroku-api-key', title: 'Heroku API key', envName: 'HEROKU_API_KEY', keywords: ['HRKU-'], pattern: tok('HRKU-[A-Za-z0-9_-]{30,100}') },
  { id: 'heroku-api-key', title: 'Heroku API key', envName: 'HEROKU_API_KEY', keywords: ['heroku'], pattern: near('heroku', UUID_SOURCE) },
  { id: 'flyio-token', title: 'Fly.io token', envName: 'FLY_API_TOKEN', keywords: ['fo1_'], pattern: tok('fo1_[A-Za-z0-9_-]{43}') },
  { id: 'flyio-token', title: 'Fly.io token', envName: 'FLY_API_TOKEN', keywords: ['FlyV1'], pattern: /FlyV1 (?<v>fm[12][ar]?_[A-Za-z0-9+/=_-]{60,2000})/dg },
  { id: 'netlify-token', title: 'Netlify access token', envName: 'NETLIFY_AUTH_TOKEN', keywords: ['nfp_'], pattern: tok('nfp_[A-Za-z0-9]{36}') },
  { id: 'netlify-token', title: 'Netlify access token', envName: 'NETLIFY_AUTH_TOKEN', keywords: ['netlify'], pattern: near('netlify', '[A-Za-z0-9_-]{43}') },
  { id: 'vercel-token', title: 'Vercel access token', envName: 'VERCEL_TOKEN', keywords: ['vercel'], pattern: near('vercel', '[A-Za-z0-9]{24}') },
  { id: 'cloudflare-api-token', title: 'Cloudflare API token', envName: 'CLOUDFLARE_API_TOKEN', keywords: ['cloudflare', 'cf_api', 'cf_token', 'cf_auth'], pattern: near('cloudflare|cf_api|cf_token|cf_auth', '[A-Za-z0-9_-]{40}|[0-9a-f]{37}') },
  { id: 'alibaba-access-key', title: 'Alibaba Cloud AccessKey id', envName: 'ALIBABA_CLOUD_ACCESS_KEY_ID', keywords: ['LTAI'], pattern: tok('LTAI[A-Za-z0-9]{20}') },
  { id: 'supabase-token', title: 'Supabase access token', envName: 'SUPABASE_ACCESS_TOKEN', keywords: ['sbp_'], pattern: tok('sbp_[0-9a-f]{40}') },
  { id: 'supabase-secret-key', title: 'Supabase secret key', envName: 'SUPABASE_SECRET_KEY', keywords: ['sb_secret_'], pattern: tok('sb_secret_[A-Za-z0-9_-]{31,64}') },
  { id: 'supabase-publishable-key', title: 'Supabase publishable key (public)', envName: 'SUPABASE_PUBLISHABLE_KEY', keywords: ['sb_publishable_'], severity: 'info', pattern: tok('sb_publishable_[A-Za-z0-9_-]{31,64}') },
  { id: 'planetscale-token', title: 'PlanetScale token or password', envName: 'PLANETSCALE_TOKEN', keywords: ['pscale_'], pattern: tok('pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_=.-]{32,64}') },
  { id: 'neon-api-key', title: 'Neon API key', envName: 'NEON_API_KEY', keywords: ['napi_'], pattern: tok('napi_[a-z0-9]{64}') },
  { id: 'firebase-server-key', title: 'Firebase Cloud Messaging server key', envName: 'FCM_SERVER_KEY', keywords: ['APA91b'], pattern: tok('AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{100,200}') },
  { id: 'mapbox-secret-token', title: 'Mapbox secret token', envName: 'MAPBOX_SECRET_TOKEN', keywords: ['sk.eyJ'], pattern: tok('sk\\.eyJ[A-Za-z0-9_-]{50,300}\\.[A-Za-z0-9_-]{20,100}') },
  { id: 'mapbox-public-token', title: 'Mapbox public token (public)', envName: 'MAPBOX_TOKEN', keywords: ['pk.eyJ'], severity: 'info', pattern: tok('pk\\.eyJ[A-Za-z0-9_-]{50,300}\\.[A-Za-z0-9_-]{20,100}') },
  // Payments and commerce
  { id: 'stripe-secret-key', title: 'Stripe live secret key', envName: 'STRIPE_SECRET_KEY', keywords: ['sk_live_', 'rk_live_'], pattern: tok('[sr]k_live_[A-Za-z0-9]{20,247}') },
  { id: 'stripe-test-key', title: 'Stripe test secret key', envName: 'STRIPE_SECRET_KEY', keywords: ['sk_test_', 'rk_test_'], severity: 'info', pattern: tok('[sr]k_test_[A-Za-z0-9]{20,247}') },
  { id: 'stripe-webhook-secret', title: 'Stripe webhook signing secret', envName: 'STRIPE_WEBHOOK_SECRET', keywords: ['whsec_'], pattern: tok('whsec_[A-Za-z0-9+/=]{32,88}') },
  { id: 'stripe-publishable-key', title: 'Stripe publishable key (public)', envName: 'STRIPE_PUBLISHABLE_KEY', keywords: ['pk_live_', 'pk_test_'], severity: 'info', pattern: tok('pk_(?:live|test)_[A-Za-z0-9]{20,247}') },
  { id: 'shopify-token', title: 'Shopify access token', envName: 'SHOPIFY_ACCESS_TOKEN', keywords: ['shpat_', 'shpca_', 'shppa_', 'shpss_'], pattern: tok('shp(?:at|ca|pa|ss)_[0-9a-fA-F]{32}') },
  { id: 'square-token', title: 'Square access token', envName: 'SQUARE_ACCESS_TOKEN', keywords: ['EAAA'], pattern: tok('EAAA[A-Za-z0-9_-]{60}') },
  { id: 'square-token', title: 'Square OAuth secret or token', envName: 'SQUARE_ACCESS_TOKEN', keywords: ['sq0atp-', 'sq0csp-'], pattern: tok('sq0atp-[A-Za-z0-9_-]{22}|sq0csp-[A-Za-z0-9_-]{43}') },
  { id: 'paypal-braintree-token', title: 'PayPal Braintree access token', envName: 'BRAINTREE_ACCESS_TOKEN', keywords: ['access_token$production$'], pattern: tok('access_token\\$production\\$[0-9a-z]{16}\\$[0-9a-f]{32}') },
  // Messaging, e-mail and social
  { id: 'slack-token', title: 'Slack token', envName: 'SLACK_BOT_TOKEN', keywords: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxo-', 'xoxs-', 'xoxr-'], pattern: tok('xox[abposr]-[0-9A-Za-z-]{10,250}') },
  { id: 'slack-token', title: 'Slack app-level token', envName: 'SLACK_APP_TOKEN', keywords: ['xapp-'], pattern: tok('xapp-[0-9]-[A-Z0-9]{9,12}-[0-9]{10,14}-[a-f0-9]{64}') },
  { id: 'slack-webhook', title: 'Slack incoming-webhook URL', envName: 'SLACK_WEBHOOK_URL', keywords: ['hooks.slack.com'], pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/+-]{20,200}/dg },
  { id: 'discord-bot-token', title: 'Discord bot token', envName: 'DISCORD_TOKEN', keywords: ['discord'], pattern: tok('[MNO][A-Za-z0-9_-]{23,27}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,40}') },
  { id: 'discord-webhook', title: 'Discord webhook URL', envName: 'DISCORD_WEBHOOK_URL', keywords: ['discord'], pattern: /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/[0-9]{17,20}\/[A-Za-z0-9_-]{60,70}/dg },
  { id: 'telegram-bot-token', title: 'Telegram bot token', envName: 'TELEGRAM_BOT_TOKEN', keywords: [':AA', 'telegram', 'bot_token', 'bottoken', 'bot-token'], pattern: /(?<![0-9A-Za-z_:])(?<v>[0-9]{8,10}:[A-Za-z0-9_-]{35})(?![A-Za-z0-9_-])/dg },
  { id: 'twilio-api-key', title: 'Twilio API key or account SID', envName: 'TWILIO_API_KEY', keywords: ['twilio'], pattern: tok('(?:SK|AC)[0-9a-f]{32}'), check: (v) => (v.startsWith('AC') ? 'warning' : true) },
  { id: 'twilio-auth-token', title: 'Twilio auth token', envName: 'TWILIO_AUTH_TOKEN', keywords: ['twilio'], pattern: near('twilio[A-Za-z0-9_.-]{0,20}(?:auth|token|secret)', '[0-9a-f]{32}') },
  { id: 'sendgrid-api-key', title: 'SendGrid API key', envName: 'SENDGRID_API_KEY', keywords: ['SG.'], pattern: tok('SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}') },
  { id: 'mailgun-api-key', title: 'Mailgun API key', envName: 'MAILGUN_API_KEY', keywords: ['key-'], pattern: tok('key-[0-9a-f]{32}') },
  { id: 'mailgun-api-key', title: 'Mailgun API key', envName: 'MAILGUN_API_KEY', keywords: ['mailgun'], pattern: near('mailgun', '[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}') },
  { id: 'mailchimp-api-key', title: 'Mailchimp API key', envName: 'MAILCHIMP_API_KEY', keywords: ['-us'], pattern: tok('[0-9a-f]{32}-us[0-9]{1,2}') },
  { id: 'postmark-token', title: 'Postmark server token', envName: 'POSTMARK_SERVER_TOKEN', keywords: ['postmark'], pattern: near('postmark', UUID_SOURCE) },
  { id: 'resend-api-key', title: 'Resend API key', envName: 'RESEND_API_KEY', keywords: ['re_'], pattern: tok('re_[A-Za-z0-9]{8}_[A-Za-z0-9]{24}'), minEntropy: 3.5 },
  { id: 'brevo-api-key', title: 'Brevo (Sendinblue) key', envName: 'BREVO_API_KEY', keywords: ['xkeysib-', 'xsmtpsib-'], pattern: tok('x(?:keysib|smtpsib)-[0-9a-f]{64}-[A-Za-z0-9]{16}') },
  { id: 'twitch-token', title: 'Twitch client secret or token', envName: 'TWITCH_CLIENT_SECRET', keywords: ['twitch'], pattern: near('twitch', '[a-z0-9]{30}') },
  { id: 'dropbox-token', title: 'Dropbox access token', envName: 'DROPBOX_ACCESS_TOKEN', keywords: ['sl.'], pattern: tok('sl\\.(?:u\\.)?[A-Za-z0-9_-]{130,1400}') },
  { id: 'facebook-access-token', title: 'Facebook / Meta access token', envName: 'FACEBOOK_ACCESS_TOKEN', keywords: ['EAA'], pattern: tok('EAA[A-Za-z0-9]{90,400}') },
  // Keys of tools
  { id: 'age-secret-key', title: 'age secret key', envName: 'AGE_SECRET_KEY', keywords: ['AGE-SECRET-KEY-1'], pattern: tok('AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}') },
  { id: 'authorization-header', title: 'Bearer/Basic credential in an Authorization header', envName: 'API_TOKEN', keywords: ['Bearer ', 'Basic '], pattern: /(?:Bearer|Basic) (?<v>[A-Za-z0-9._~+/-]{20,1000}={0,2})(?![A-Za-z0-9._~+/=-])/dg, check: (v) => !/^eyJ/.test(v) && isRandomish(v) },
];

/** Bearer values must look generated (a variable name or `<token>` is not a credential). */
function isRandomish(v: string): boolean {
  return /[0-9]/.test(v) && /[A-Za-z]/.test(v) && new Set(v).size >= 12;
}
