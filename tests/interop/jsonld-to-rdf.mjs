// Converts JSON-LD documents to N-Quads with jsonld 9.0.0, the processor the open verifiers run, so that the unit
// tests can compare our JsonLdProcessor with it. Contexts come only from the repository's vendored copies
// (src/CtecSkills.Core/LinkedData/Contexts); any other URL fails, as it does in our loader.
// stdin: {"safe": true|false, "documents": [ ... ]}; stdout: [{"nquads": "..."} | {"error": "..."}, ...] in order.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import jsonld from 'jsonld';

const contexts = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/CtecSkills.Core/LinkedData/Contexts');
const vendored = {
  'https://www.w3.org/ns/credentials/v2': 'credentials-v2.jsonld',
  'https://www.w3.org/ns/credentials/examples/v2': 'credentials-examples-v2.jsonld',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json': 'ob_v3p0_context-3.0.3.json',
};
const loaded = Object.fromEntries(Object.entries(vendored).map(
  ([url, file]) => [url, JSON.parse(readFileSync(path.join(contexts, file), 'utf8'))]));

const documentLoader = async url => {
  if (!(url in loaded)) {
    throw new Error(`not a vendored context: ${url}`);
  }
  return { contextUrl: null, documentUrl: url, document: loaded[url] };
};

const input = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const document of input.documents) {
  try {
    const nquads = await jsonld.toRDF(document, { format: 'application/n-quads', documentLoader, safe: input.safe });
    results.push({ nquads });
  } catch (e) {
    results.push({ error: `${e.name}: ${e.message}${e.details?.event ? ' ' + e.details.event.code : ''}` });
  }
}
process.stdout.write(JSON.stringify(results));
