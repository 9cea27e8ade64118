#!/usr/bin/env node
// Makes a key pair as `cosign generate-key-pair` does: a P-256 key whose PKCS #8 DER is sealed
// with NaCl's secretbox (tweetnacl) under a key scrypt derives from the passphrase (N 32768, r 8,
// p 1), in the JSON envelope cosign writes, as an ENCRYPTED SIGSTORE PRIVATE KEY PEM; and the
// public key's PEM.
//   cosign-key.js <passphrase> <out.key> <out.pub>
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const nacl = require('tweetnacl');

const [passphrase, keyFile, pubFile] = process.argv.slice(2);
const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
const der = privateKey.export({ type: 'pkcs8', format: 'der' });
const salt = crypto.randomBytes(32);
const nonce = crypto.randomBytes(24);
const key = crypto.scryptSync(Buffer.from(passphrase, 'utf8'), salt, 32, { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
const sealed = nacl.secretbox(new Uint8Array(der), new Uint8Array(nonce), new Uint8Array(key));
const envelope = {
  kdf: { name: 'scrypt', params: { N: 32768, r: 8, p: 1 }, salt: salt.toString('base64') },
  cipher: { name: 'nacl/secretbox', nonce: nonce.toString('base64') },
  ciphertext: Buffer.from(sealed).toString('base64'),
};
const body = Buffer.from(JSON.stringify(envelope)).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
fs.writeFileSync(keyFile, `-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n${body}\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n`, { mode: 0o600 });
fs.writeFileSync(pubFile, publicKey.export({ type: 'spki', format: 'pem' }));
