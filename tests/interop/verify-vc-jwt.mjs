// Verifies a CtecSkills VC-JWT the way an outside verifier would: with the `jose` library and the issuer's JWKS.
// usage: node verify-vc-jwt.mjs <file with the compact JWS> <file with the JWKS JSON>
// Prints one JSON line; exit code 0 when the signature and the registered claims check out, 1 otherwise.
import { readFile } from 'node:fs/promises';
import { createLocalJWKSet, jwtVerify, decodeProtectedHeader } from 'jose';

const [jwsFile, jwksFile] = process.argv.slice(2);
const jws = (await readFile(jwsFile, 'utf8')).trim();
const jwks = createLocalJWKSet(JSON.parse(await readFile(jwksFile, 'utf8')));

try {
  const { payload, protectedHeader } = await jwtVerify(jws, jwks, { algorithms: ['RS256'], currentDate: new Date(process.env.VERIFY_AT ?? Date.now()) });
  const sameIssuer = payload.iss === (typeof payload.issuer === 'string' ? payload.issuer : payload.issuer?.id);
  const sameId = payload.jti === payload.id;
  console.log(JSON.stringify({ ok: sameIssuer && sameId, kid: protectedHeader.kid, iss: payload.iss, jti: payload.jti, sub: payload.sub, type: payload.type }));
  process.exit(sameIssuer && sameId ? 0 : 1);
} catch (e) {
  let kid = null;
  try { kid = decodeProtectedHeader(jws).kid ?? null; } catch { /* not even a header */ }
  console.log(JSON.stringify({ ok: false, kid, error: e.code ?? e.name, message: e.message }));
  process.exit(1);
}
