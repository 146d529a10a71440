import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import {
  checkpointBody,
  keyHash,
  parseCheckpointBody,
  parseNote,
  parseSigningKey,
  parseVerifierKey,
  privateKeyFromSeed,
  rawPublicKey,
  seedOf,
  signCheckpoint,
  verifierKey,
  verifyCheckpoint,
  verifyNote,
} from './signed-note';

const NAME = 'recourse.example/log';
const SEED = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
// RFC 8032 §7.1 test 1: this seed's public key.
const PUBLIC = Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex');
const ROOT = Buffer.from('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328', 'hex');

/**
 * The signed-note format written out independently of the code under test: split on the last blank
 * line, read "— name base64", check the key hash by hand and the signature with node:crypto.
 */
function independentlyVerify(note: string, name: string, publicKey: Buffer): { body: string } {
  const at = note.lastIndexOf('\n\n');
  const body = note.slice(0, at + 1);
  const lines = note.slice(at + 2).split('\n');
  expect(lines.at(-1)).toBe('');
  const [dash, signer, b64] = lines[0].split(' ');
  expect(dash).toBe('\u2014');
  expect(signer).toBe(name);
  const blob = Buffer.from(b64, 'base64');
  expect(blob.length).toBe(68);
  const expectedHash = createHash('sha256')
    .update(Buffer.concat([Buffer.from(name + '\n'), Buffer.from([1]), publicKey]))
    .digest()
    .subarray(0, 4);
  expect(blob.subarray(0, 4).toString('hex')).toBe(expectedHash.toString('hex'));
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), publicKey]);
  const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  expect(verify(null, Buffer.from(body), key, blob.subarray(4))).toBe(true);
  return { body };
}

describe('signed-note checkpoints', () => {
  const privateKey = privateKeyFromSeed(SEED);

  it('derives the RFC 8032 public key from the seed, and gives the seed back', () => {
    expect(rawPublicKey(privateKey).toString('hex')).toBe(PUBLIC.toString('hex'));
    expect(seedOf(privateKey).equals(SEED)).toBe(true);
  });

  it('writes the C2SP tlog-checkpoint body: origin, size, base64 root, each on its own line', () => {
    expect(checkpointBody({ origin: NAME, treeSize: 8, rootHash: ROOT })).toBe(
      `${NAME}\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n`,
    );
    expect(parseCheckpointBody(`${NAME}\n8\n${ROOT.toString('base64')}\n`)).toEqual({
      origin: NAME,
      treeSize: 8,
      rootHash: ROOT,
    });
    expect(parseCheckpointBody(`${NAME}\n08\n${ROOT.toString('base64')}\n`)).toBeNull();
    expect(parseCheckpointBody(`${NAME}\n8\n${ROOT.toString('base64')}`)).toBeNull();
    expect(parseCheckpointBody(`${NAME}\n8\nAAAA\n`)).toBeNull();
  });

  it('signs it as a signed note that an independent reading verifies', () => {
    const note = signCheckpoint({ origin: NAME, treeSize: 8, rootHash: ROOT }, NAME, privateKey);
    expect(note).toMatch(new RegExp(`^${NAME}\\n8\\n[A-Za-z0-9+/]{43}=\\n\\n\u2014 ${NAME} [A-Za-z0-9+/]{91}=\\n$`));
    expect(independentlyVerify(note, NAME, PUBLIC).body).toBe(
      checkpointBody({ origin: NAME, treeSize: 8, rootHash: ROOT }),
    );
    expect(verifyCheckpoint(note, NAME, PUBLIC)).toEqual({ origin: NAME, treeSize: 8, rootHash: ROOT });
  });

  it('the key hash is the first 4 bytes of SHA-256(name ‖ "\\n" ‖ 0x01 ‖ key), and the verifier key names it', () => {
    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.from(`${NAME}\n`), Buffer.from([1]), PUBLIC]))
      .digest()
      .subarray(0, 4);
    expect(keyHash(NAME, PUBLIC).equals(expected)).toBe(true);
    const vkey = verifierKey(NAME, PUBLIC);
    expect(vkey).toBe(
      `${NAME}+${expected.toString('hex')}+${Buffer.concat([Buffer.from([1]), PUBLIC]).toString('base64')}`,
    );
    expect(parseVerifierKey(vkey)).toEqual({ name: NAME, keyHash: expected, publicKey: PUBLIC });
    expect(parseVerifierKey(vkey.replace(/\+[0-9a-f]{8}\+/, '+00000000+'))).toBeNull();
  });

  it('refuses a forged, altered or re-signed checkpoint', () => {
    const note = signCheckpoint({ origin: NAME, treeSize: 8, rootHash: ROOT }, NAME, privateKey);
    const other = generateKeyPairSync('ed25519').privateKey;
    const forged = signCheckpoint({ origin: NAME, treeSize: 9, rootHash: ROOT }, NAME, other);
    expect(verifyCheckpoint(forged, NAME, PUBLIC)).toBeNull();
    expect(verifyCheckpoint(note.replace('\n8\n', '\n9\n'), NAME, PUBLIC)).toBeNull();
    expect(verifyCheckpoint(note, 'another.example/log', PUBLIC)).toBeNull();
    const [body, sig] = note.split('\n\n');
    const flipped = Buffer.from(sig.split(' ')[2], 'base64');
    flipped[10] ^= 1;
    expect(verifyNote(`${body}\n\n\u2014 ${NAME} ${flipped.toString('base64')}\n`, NAME, PUBLIC)).toBeNull();
    expect(parseNote('no signature\n')).toBeNull();
  });

  it('reads the configured key as a base64 seed, base64 PKCS#8, PEM or a signed-note private key', () => {
    const der = privateKey.export({ format: 'der', type: 'pkcs8' });
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const noteKey = `PRIVATE+KEY+${NAME}+${keyHash(NAME, PUBLIC).toString('hex')}+${Buffer.concat([Buffer.from([1]), SEED]).toString('base64')}`;
    for (const text of [SEED.toString('base64'), der.toString('base64'), pem, noteKey]) {
      expect(rawPublicKey(parseSigningKey(text)).equals(PUBLIC)).toBe(true);
    }
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' });
    expect(() => parseSigningKey(rsa.toString())).toThrow(/not Ed25519/);
    expect(() => parseSigningKey('not a key!')).toThrow();
  });
});
