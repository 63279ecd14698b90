// Seeded synthetic data in the shapes of the tensorflow/tfjs-examples datasets (no download): the
// trainings here re-create those examples' models and loops on data with the same layout.
import * as tf from "@tensorflow/tfjs";

export function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export const seedArg = () => Number(process.argv[2] ?? 1);

/** Standard normal draws (Box–Muller). */
export function gaussian(rand) {
  return () => Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
}

/** Abalone-like rows: 8 measurements in [0, 1) and a ring count of about 3 to 25 that grows with them, plus noise. */
export function abalone(n, seed) {
  const rand = rng(seed);
  const noise = gaussian(rand);
  const x = new Float32Array(n * 8);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const size = rand();
    for (let f = 0; f < 8; f++) x[i * 8 + f] = Math.min(1, Math.max(0, size * (0.5 + f / 16) + 0.1 * noise()));
    y[i] = 3 + 18 * Math.sqrt(size) + 2.5 * noise();
  }
  return { xs: tf.tensor2d(x, [n, 8]), ys: tf.tensor2d(y, [n, 1]) };
}

/** Pitch-like rows: 8 normalised kinematic features, 7 pitch types (integer labels) drawn around 7 centres. */
export function pitches(n, seed) {
  const rand = rng(seed);
  const noise = gaussian(rand);
  const centres = Array.from({ length: 7 }, () => Array.from({ length: 8 }, () => rand()));
  const x = new Float32Array(n * 8);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(rand() * 7);
    y[i] = c;
    for (let f = 0; f < 8; f++) x[i * 8 + f] = centres[c][f] + 0.12 * noise();
  }
  return { xs: tf.tensor2d(x, [n, 8]), ys: tf.tensor2d(y, [n, 1]) };
}

/**
 * Review-like documents as multi-hot rows over a vocabulary: words drawn with a Zipf-like law; the first
 * 5% of the vocabulary after the 20 commonest words lean positive, the next 5% negative; the label says
 * which kind a document holds more of (ties broken at random).
 */
export function multiHotReviews(n, vocabulary, wordsPerDoc, seed) {
  const rand = rng(seed);
  const x = new Float32Array(n * vocabulary);
  const y = new Float32Array(n);
  const band = Math.floor(vocabulary * 0.05);
  for (let i = 0; i < n; i++) {
    let score = 0;
    for (let w = 0; w < wordsPerDoc; w++) {
      const word = Math.min(vocabulary - 1, Math.floor(Math.exp(rand() * Math.log(vocabulary))) - 1);
      x[i * vocabulary + word] = 1;
      // Positive and negative words interleave (even and odd ids) so that both are as frequent and the
      // classes balance, as the example's IMDB reviews do.
      if (word >= 20 && word < 20 + 2 * band) score += word % 2 === 0 ? 1 : -1;
    }
    y[i] = score > 0 || (score === 0 && rand() < 0.5) ? 1 : 0;
  }
  return { xs: tf.tensor2d(x, [n, vocabulary]), ys: tf.tensor2d(y, [n, 1]) };
}

/** Weather-like windows: `steps` hourly readings of 14 normalised features; the target is the next temperature. */
export function weatherWindows(n, steps, seed) {
  const rand = rng(seed);
  const noise = gaussian(rand);
  const x = new Float32Array(n * steps * 14);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const phase = rand() * 2 * Math.PI;
    const level = noise() * 0.5;
    for (let t = 0; t <= steps; t++) {
      const temperature = level + Math.sin(phase + (t * 2 * Math.PI) / 24) + 0.1 * noise();
      if (t === steps) {
        y[i] = temperature;
        break;
      }
      for (let f = 0; f < 14; f++) x[(i * steps + t) * 14 + f] = f === 1 ? temperature : 0.6 * temperature * ((f % 3) - 1) + 0.3 * noise();
    }
  }
  return { xs: tf.tensor3d(x, [n, steps, 14]), ys: tf.tensor2d(y, [n, 1]) };
}

/** Text-like one-hot windows of `length` characters over `chars` symbols from a noisy repeating phrase; the target is the next one. */
export function characterWindows(n, length, chars, seed) {
  const rand = rng(seed);
  const phrase = Array.from({ length: 23 }, () => Math.floor(rand() * chars));
  const text = Array.from({ length: n + length + 1 }, (_, i) => (rand() < 0.1 ? Math.floor(rand() * chars) : phrase[i % phrase.length]));
  const x = new Float32Array(n * length * chars);
  const y = new Float32Array(n * chars);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < length; t++) x[(i * length + t) * chars + text[i + t]] = 1;
    y[i * chars + text[i + length]] = 1;
  }
  return { xs: tf.tensor3d(x, [n, length, chars]), ys: tf.tensor2d(y, [n, chars]) };
}

/** Image-like rows of `side`×`side` pixels in [0, 1]: blurred strokes, for an auto-encoder. */
export function strokes(n, side, seed) {
  const rand = rng(seed);
  const x = new Float32Array(n * side * side);
  for (let i = 0; i < n; i++) {
    const row = Math.floor(rand() * side);
    const col = Math.floor(rand() * side);
    const across = rand() < 0.5;
    for (let r = 0; r < side; r++)
      for (let c = 0; c < side; c++) {
        const d = across ? Math.abs(r - row) : Math.abs(c - col);
        x[i * side * side + r * side + c] = Math.max(0, 1 - d / 2) * (0.8 + 0.2 * rand());
      }
  }
  return tf.tensor2d(x, [n, side * side]);
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
/** Input characters of the date strings (code 0 pads), and the output characters of ISO dates (0 pads, 1 starts). */
export const DATE_INPUT_CHARS = "\0 ,-./0123456789ABCDEFGJLMNOPRSTUVY";
export const DATE_OUTPUT_CHARS = "\0\u0001-0123456789";
export const DATE_INPUT_LENGTH = 12;
export const DATE_OUTPUT_LENGTH = 10;

/** Dates written several ways ("03/24/2017", "24.03.17", "MAR 24, 2017", ...) → "2017-03-24", as the
 * date-conversion-attention example trains: encoder input, decoder input (the target shifted right after a
 * start code) and one-hot decoder targets. */
export function dateStrings(n, seed) {
  const rand = rng(seed);
  const pick = (k) => Math.floor(rand() * k);
  const pad = (v) => String(v).padStart(2, "0");
  const formats = [
    (y, m, d) => `${pad(m)}/${pad(d)}/${y}`,
    (y, m, d) => `${pad(d)}.${pad(m)}.${String(y).slice(2)}`,
    (y, m, d) => `${MONTHS[m - 1]} ${d}, ${y}`,
    (y, m, d) => `${y}.${pad(m)}.${pad(d)}`,
    (y, m, d) => `${d} ${MONTHS[m - 1]} ${y}`,
    (y, m, d) => `${pad(m)}-${pad(d)}-${y}`,
  ];
  const enc = new Float32Array(n * DATE_INPUT_LENGTH);
  const dec = new Float32Array(n * DATE_OUTPUT_LENGTH);
  const out = new Float32Array(n * DATE_OUTPUT_LENGTH * DATE_OUTPUT_CHARS.length);
  for (let i = 0; i < n; i++) {
    const y = 1950 + pick(100), m = 1 + pick(12), d = 1 + pick(28);
    const input = formats[pick(formats.length)](y, m, d);
    const iso = `${y}-${pad(m)}-${pad(d)}`;
    for (let t = 0; t < input.length && t < DATE_INPUT_LENGTH; t++) enc[i * DATE_INPUT_LENGTH + t] = DATE_INPUT_CHARS.indexOf(input[t]);
    dec[i * DATE_OUTPUT_LENGTH] = 1;
    for (let t = 0; t < DATE_OUTPUT_LENGTH; t++) {
      const code = DATE_OUTPUT_CHARS.indexOf(iso[t]);
      if (t + 1 < DATE_OUTPUT_LENGTH) dec[i * DATE_OUTPUT_LENGTH + t + 1] = code;
      out[(i * DATE_OUTPUT_LENGTH + t) * DATE_OUTPUT_CHARS.length + code] = 1;
    }
  }
  return {
    encoder: tf.tensor2d(enc, [n, DATE_INPUT_LENGTH]),
    decoder: tf.tensor2d(dec, [n, DATE_OUTPUT_LENGTH]),
    targets: tf.tensor3d(out, [n, DATE_OUTPUT_LENGTH, DATE_OUTPUT_CHARS.length]),
  };
}
