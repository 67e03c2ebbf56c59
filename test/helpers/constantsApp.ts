// test/fixtures/model/streamlit-helpers: helpers in ui/banner.py render their parameter with unsafe_allow_html;
// the pages call some only with constants. Shared by the CLI and language-server tests.
import { join } from 'node:path';
import { REPO } from './core';

export const CONSTANTS_APP = join(REPO, 'test', 'fixtures', 'model', 'streamlit-helpers');

/** xss-sink lines in ui/banner.py: subtitle, note, footer, shout, badge (title and framed get only constants). */
export const BANNER_FLAGGED = [13, 17, 21, 31, 36];
