#!/usr/bin/env node
// Signs an image as cosign v3 signs one with a key, with the Sigstore project's own bundle builder
// (@sigstore/sign): an in-toto statement whose subject is the image's digest, in a DSSE envelope
// signed by an EC key (ECDSA with SHA-256), written as a Sigstore bundle's JSON. No transparency
// log or timestamp authority: the verifier trusts the key.
//   sign-bundle.js <key.pem> <sha256:digest> <subject name> <bundle.json>
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const { DSSEBundleBuilder } = require('@sigstore/sign');
const { bundleToJSON } = require('@sigstore/bundle');

async function main() {
  const [keyFile, digest, name, out] = process.argv.slice(2);
  const key = crypto.createPrivateKey(fs.readFileSync(keyFile));
  const publicKey = crypto.createPublicKey(key).export({ type: 'spki', format: 'pem' });
  const signer = {
    sign: async (data) => ({ signature: crypto.sign('sha256', data, key), key: { $case: 'publicKey', publicKey, hint: 'stowage-itests' } }),
  };
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name, digest: { [digest.split(':')[0]]: digest.split(':')[1] } }],
    predicateType: 'https://sigstore.dev/cosign/sign/v1',
    predicate: {},
  };
  const bundle = await new DSSEBundleBuilder({ signer, witnesses: [] })
    .create({ data: Buffer.from(JSON.stringify(statement)), type: 'application/vnd.in-toto+json' });
  fs.writeFileSync(out, JSON.stringify(bundleToJSON(bundle)));
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
