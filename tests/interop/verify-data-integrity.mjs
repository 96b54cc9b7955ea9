// Verifies CtecSkills credentials the way the Digital Credentials Consortium's wallet and VerifierPlus do: with
// @digitalcredentials/vc, DataIntegrityProof and the eddsa-rdfc-2022 cryptosuite, contexts from the DCC security
// document loader (static, no network) and the issuers' did:web DID documents as the issuer serves them.
// Input on stdin: {"credentials": [...], "didDocuments": [...], "statusLists": {"<url>": <status list credential>}}.
// Output: one JSON array, per credential {"verified": bool, "errors": [message, ...], "status": {...} | null}.
import { gunzipSync } from 'node:zlib';
import * as vc from '@digitalcredentials/vc';
import { DataIntegrityProof } from '@digitalcredentials/data-integrity';
import { cryptosuite } from '@digitalcredentials/eddsa-rdfc-2022-cryptosuite';
import { securityLoader } from '@digitalcredentials/security-document-loader';

const input = JSON.parse(await new Promise((resolve) => {
  let text = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => { text += chunk; });
  process.stdin.on('end', () => resolve(text));
}));

const dids = new Map(input.didDocuments.map((d) => [d.id, d]));
const contexts = securityLoader().build();
const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';

// What a did:web resolver gives for a DID or a DID URL: the document, or the verification method it names.
async function documentLoader(url) {
  if (url.startsWith('did:web:')) {
    const [did, fragment] = url.split('#');
    const doc = dids.get(did);
    if (!doc) throw new Error(`NotFoundError: ${did}`);
    if (fragment === undefined) return { contextUrl: null, documentUrl: url, document: doc };
    const method = doc.verificationMethod.find((m) => m.id === url);
    if (!method) throw new Error(`NotFoundError: ${url}`);
    return { contextUrl: null, documentUrl: url, document: { '@context': MULTIKEY_CONTEXT, ...method } };
  }
  return contexts(url);
}

const suite = new DataIntegrityProof({ cryptosuite });

async function verifyStatusList(url) {
  const list = input.statusLists?.[url];
  if (!list) return { verified: false, error: `no status list ${url}` };
  const result = await vc.verifyCredential({ credential: list, suite, documentLoader });
  return { verified: result.verified, list, error: result.error?.message };
}

// Bitstring Status List: multibase base64url ("u"), gzip; bit 0 is the most significant bit of the first byte.
function bitAt(encodedList, index) {
  const bytes = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  return (bytes[index >> 3] >> (7 - (index % 8))) & 1;
}

async function checkStatus({ credential }) {
  const entries = [].concat(credential.credentialStatus ?? []);
  const statuses = {};
  for (const entry of entries) {
    const list = await verifyStatusList(entry.statusListCredential);
    if (!list.verified) return { verified: false, error: list.error ?? 'status list did not verify' };
    statuses[entry.statusPurpose] = bitAt(list.list.credentialSubject.encodedList, Number(entry.statusListIndex)) === 1;
  }
  return { verified: true, statuses };
}

const messages = (error) => {
  if (!error) return [];
  const nested = error.errors ?? error.details?.errors ?? [];
  return [error.message, ...nested.map((e) => e.message)].filter(Boolean);
};

const results = [];
for (const credential of input.credentials) {
  const result = await vc.verifyCredential({ credential, suite, documentLoader, checkStatus });
  const proofErrors = (result.results ?? []).flatMap((r) => messages(r.error));
  results.push({
    verified: result.verified,
    errors: [...messages(result.error), ...proofErrors],
    status: result.statusResult ?? null,
  });
}
console.log(JSON.stringify(results));
