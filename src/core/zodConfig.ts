// zod/mini ships no messages by default ("Invalid input"); load the English ones so a broken
// manifest says e.g. "expected number, received string".
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

z.config(en());
