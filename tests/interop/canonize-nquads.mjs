// Canonicalizes N-Quads documents with rdf-canonize (RDFC-1.0), the library jsonld and the DCC verifiers run.
// usage: node canonize-nquads.mjs [maxWorkFactor]   (stdin: a JSON array of N-Quads documents)
// Prints a JSON array with, for each document in order, its canonical N-Quads or {"error": message}.
// maxWorkFactor defaults to rdf-canonize's own default (1); pass a larger one to compare on deliberately symmetric
// datasets that the default would refuse.
import { canonize } from 'rdf-canonize';

const maxWorkFactor = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const documents = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const results = [];
for (const document of documents) {
  try {
    results.push(await canonize(document, {
      algorithm: 'RDFC-1.0',
      inputFormat: 'application/n-quads',
      format: 'application/n-quads',
      ...(maxWorkFactor === undefined ? {} : { maxWorkFactor }),
    }));
  } catch (e) {
    results.push({ error: e.message });
  }
}
process.stdout.write(JSON.stringify(results));
