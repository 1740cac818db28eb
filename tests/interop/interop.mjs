// Checks that wageguard's Standard Webhooks signatures interoperate with an independent
// implementation, the npm package standardwebhooks: messages it signs verify with our C++ code
// (adapters/app/standard_webhooks, through the webhook_sign_tool test helper), signatures our
// code makes verify with it, and both refuse what they should. Exits non-zero on any failure.
//
// Usage: node interop.mjs --tool PATH/webhook_sign_tool [--packages DIR]
//   --packages  folder whose node_modules holds standardwebhooks (default: this script's folder)
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  if (at < 0) return fallback;
  if (at + 1 >= process.argv.length) throw new Error(`${name} needs a value`);
  return resolve(process.argv[at + 1]);
}

const tool = option('--tool', undefined);
if (!tool) throw new Error('--tool PATH/webhook_sign_tool is required');
const packages = option('--packages', here);
const { Webhook } = createRequire(join(packages, 'package.json'))('standardwebhooks');

const scratch = mkdtempSync(join(tmpdir(), 'wageguard-interop-'));
let files = 0;
let passed = 0;
let failed = 0;

function check(name, ok, detail = '') {
  if (ok) {
    passed += 1;
    console.log(`ok - ${name}`);
    return;
  }
  failed += 1;
  console.log(`not ok - ${name}${detail ? `\n    ${detail}` : ''}`);
}

function bodyFile(body) {
  files += 1;
  const path = join(scratch, `body-${files}`);
  writeFileSync(path, body, 'utf8');
  return path;
}

function run(args) {
  const result = spawnSync(tool, args, { encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status === 2) throw new Error(`webhook_sign_tool ${args[0]}: ${result.stderr.trim()}`);
  return { status: result.status, out: result.stdout.trim() };
}

// Our side, through the helper executable.
const ours = {
  sign: (secret, id, timestamp, body) => run(['sign', secret, id, String(timestamp), bodyFile(body)]).out,
  verify: (secrets, id, timestamp, signature, body, now) =>
    run(['verify', secrets.join(','), id, String(timestamp), signature, bodyFile(body), ...(now ? [String(now)] : [])]),
};

// Theirs: the npm package's own sign and verify (verify reads the clock itself).
function theirsVerify(secret, id, timestamp, signature, body) {
  try {
    new Webhook(secret).verify(body, {
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signature,
    });
    return 'ok';
  } catch (error) {
    return `refused: ${error.message}`;
  }
}

const theirsSign = (secret, id, timestamp, body) => new Webhook(secret).sign(id, new Date(timestamp * 1000), body);
const newSecret = (bytes) => `whsec_${randomBytes(bytes).toString('base64')}`;
const now = () => Math.floor(Date.now() / 1000);

const bodies = {
  'the specification example': '{"test": 2432232314}',
  'a CloudEvent with Chinese text': JSON.stringify({
    specversion: '1.0',
    id: 'evt-1',
    source: '/courts/440111',
    type: 'cn.court.case.accepted',
    subject: '0b7c2a4e-5d1f-4c3a-9e8b-1f2a3b4c5d6e',
    data: { case_number: '(2026)粤0111民初1号', note: '立案 ✓' },
  }),
  'a pretty-printed body with newlines': JSON.stringify({ a: [1, 2, 3], b: { c: 'd' } }, null, 2),
  'an empty object': '{}',
};

function main() {
  // The published example of the specification, from both sides.
  const specSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const specId = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const specBody = '{"test": 2432232314}';
  const specSignature = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
  check('npm signs the specification example as published', theirsSign(specSecret, specId, 1614265330, specBody) === specSignature);
  check('we sign the specification example as published', ours.sign(specSecret, specId, 1614265330, specBody) === specSignature);
  const spec = ours.verify([specSecret], specId, 1614265330, specSignature, specBody, 1614265330);
  check('we verify the specification example', spec.status === 0, spec.out);

  for (const bytes of [16, 24, 32, 64]) {
    const secret = newSecret(bytes);
    for (const [what, body] of Object.entries(bodies)) {
      const id = `msg_${randomBytes(8).toString('hex')}`;
      const timestamp = now();
      const theirs = theirsSign(secret, id, timestamp, body);
      const verified = ours.verify([secret], id, timestamp, theirs, body);
      check(`we verify npm's signature of ${what} (${bytes}-byte secret)`, verified.status === 0, verified.out);
      const mine = ours.sign(secret, id, timestamp, body);
      check(`npm verifies our signature of ${what} (${bytes}-byte secret)`,
        theirsVerify(secret, id, timestamp, mine, body) === 'ok', `${mine} vs ${theirs}`);
      check(`both sign ${what} alike (${bytes}-byte secret)`, mine === theirs, `${mine} vs ${theirs}`);
    }
  }

  const secret = newSecret(32);
  const oldSecret = newSecret(32);
  const body = bodies['a CloudEvent with Chinese text'];
  const timestamp = now();

  // Rotation: a message signed with the old secret, and a header with both signatures.
  const byOld = theirsSign(oldSecret, 'msg_rotation', timestamp, body);
  const rotated = ours.verify([secret, oldSecret], 'msg_rotation', timestamp, byOld, body);
  check('we accept npm\'s signature under the old secret during a rotation', rotated.status === 0, rotated.out);
  const bothHeader = `${theirsSign(oldSecret, 'msg_both', timestamp, body)} ${theirsSign(secret, 'msg_both', timestamp, body)}`;
  const both = ours.verify([secret], 'msg_both', timestamp, bothHeader, body);
  check('we accept a header holding several signatures, one of them valid', both.status === 0, both.out);
  const ourBoth = `${ours.sign(oldSecret, 'msg_both', timestamp, body)} ${ours.sign(secret, 'msg_both', timestamp, body)}`;
  check('npm accepts our header holding the old and the new signature',
    theirsVerify(secret, 'msg_both', timestamp, ourBoth, body) === 'ok');
  const notYet = ours.verify([secret], 'msg_rotation', timestamp, byOld, body);
  check('we refuse the old secret once it is dropped', notYet.status === 1 && notYet.out.startsWith('signature:'), notYet.out);

  // Refusals agree: a tampered body, another id, another secret, a stale or future timestamp.
  const good = theirsSign(secret, 'msg_refusals', timestamp, body);
  const tampered = ours.verify([secret], 'msg_refusals', timestamp, good, body.replace('1号', '2号'));
  check('we refuse npm\'s signature over a tampered body', tampered.status === 1 && tampered.out.startsWith('signature:'), tampered.out);
  check('npm refuses our signature over a tampered body',
    theirsVerify(secret, 'msg_refusals', timestamp, ours.sign(secret, 'msg_refusals', timestamp, body), `${body} `) !== 'ok');
  const otherId = ours.verify([secret], 'msg_other', timestamp, good, body);
  check('we refuse npm\'s signature for another webhook-id', otherId.status === 1 && otherId.out.startsWith('signature:'), otherId.out);
  const stale = now() - 301;
  const staleOurs = ours.verify([secret], 'msg_stale', stale, theirsSign(secret, 'msg_stale', stale, body), body);
  check('we refuse a correctly signed message 301 s old', staleOurs.status === 1 && staleOurs.out.startsWith('timestamp:'), staleOurs.out);
  check('npm refuses our correctly signed message 301 s old',
    theirsVerify(secret, 'msg_stale', stale, ours.sign(secret, 'msg_stale', stale, body), body).includes('too old'));
  const edge = now() - 290;
  const edgeOurs = ours.verify([secret], 'msg_edge', edge, theirsSign(secret, 'msg_edge', edge, body), body);
  check('we accept a message 290 s old, as npm does', edgeOurs.status === 0, edgeOurs.out);
  const future = now() + 301;
  const futureOurs = ours.verify([secret], 'msg_future', future, theirsSign(secret, 'msg_future', future, body), body);
  check('we refuse a message dated 301 s ahead', futureOurs.status === 1 && futureOurs.out.startsWith('timestamp:'), futureOurs.out);
}

try {
  main();
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
