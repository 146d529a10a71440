import { createHash, createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';

/**
 * C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 keys, and the checkpoint body of
 * C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint). Pure functions over node:crypto.
 *
 *   <origin>\n<tree size>\n<base64 root hash>\n      ← the body, what is signed
 *   \n
 *   — <key name> <base64(key hash ‖ signature)>\n
 */

/** The signature type byte of Ed25519 in signed notes. */
export const ED25519_TYPE = 0x01;
const EM_DASH = '\u2014';
/** PKCS#8 DER of an Ed25519 private key is this prefix followed by the 32-byte seed (RFC 8410). */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface Checkpoint {
  origin: string;
  treeSize: number;
  rootHash: Buffer;
}

export interface NoteSignature {
  name: string;
  keyHash: Buffer;
  signature: Buffer;
}

export interface ParsedNote {
  body: string;
  signatures: NoteSignature[];
}

/** A key name is non-empty and has no space, no plus sign and no newline. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

/** The first 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key). */
export function keyHash(name: string, publicKey: Uint8Array): Buffer {
  return createHash('sha256')
    .update(Buffer.from(`${name}\n`, 'utf8'))
    .update(Buffer.from([ED25519_TYPE]))
    .update(publicKey)
    .digest()
    .subarray(0, 4);
}

/** `name+hexhash+base64(0x01 ‖ key)`, the verifier key form that signed-note tooling reads. */
export function verifierKey(name: string, publicKey: Uint8Array): string {
  const key = Buffer.concat([Buffer.from([ED25519_TYPE]), publicKey]).toString('base64');
  return `${name}+${keyHash(name, publicKey).toString('hex')}+${key}`;
}

/** Reads a verifier key back; null when it is not a well-formed Ed25519 verifier key. */
export function parseVerifierKey(vkey: string): { name: string; keyHash: Buffer; publicKey: Buffer } | null {
  const match = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+=*)$/.exec(vkey);
  if (!match) return null;
  const key = Buffer.from(match[3], 'base64');
  if (key.length !== 33 || key[0] !== ED25519_TYPE) return null;
  const publicKey = key.subarray(1);
  const hash = Buffer.from(match[2], 'hex');
  if (!hash.equals(keyHash(match[1], publicKey))) return null;
  return { name: match[1], keyHash: hash, publicKey };
}

export function checkpointBody(checkpoint: Checkpoint): string {
  if (!checkpoint.origin || /\n/.test(checkpoint.origin)) throw new RangeError('the origin must be one line');
  return `${checkpoint.origin}\n${checkpoint.treeSize}\n${checkpoint.rootHash.toString('base64')}\n`;
}

/** Reads a checkpoint body (extension lines after the root are allowed and ignored); null if malformed. */
export function parseCheckpointBody(body: string): Checkpoint | null {
  const lines = body.split('\n');
  if (lines.length < 4 || lines[lines.length - 1] !== '') return null;
  const [origin, size, root] = lines;
  if (!origin || !/^(0|[1-9]\d{0,15})$/.test(size) || !Number.isSafeInteger(Number(size))) return null;
  if (!/^[A-Za-z0-9+/]{43}=$/.test(root)) return null;
  return { origin, treeSize: Number(size), rootHash: Buffer.from(root, 'base64') };
}

/** The Ed25519 signature of `body` by `privateKey`, as a signed note. */
export function signNote(body: string, name: string, privateKey: KeyObject): string {
  if (!body.endsWith('\n')) throw new RangeError('a note body ends with a newline');
  if (!isValidKeyName(name)) throw new RangeError(`"${name}" is not a valid key name`);
  const publicKey = rawPublicKey(privateKey);
  const signature = sign(null, Buffer.from(body, 'utf8'), privateKey);
  const line = Buffer.concat([keyHash(name, publicKey), signature]).toString('base64');
  return `${body}\n${EM_DASH} ${name} ${line}\n`;
}

/** Splits a note into its body and signature lines; null when it is not a note. */
export function parseNote(note: string): ParsedNote | null {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) return null;
  const body = note.slice(0, split + 1);
  const signatures: NoteSignature[] = [];
  for (const line of note.slice(split + 2, -1).split('\n')) {
    const match = new RegExp(`^${EM_DASH} (\\S+) ([A-Za-z0-9+/]+=*)$`).exec(line);
    if (!match) return null;
    const bytes = Buffer.from(match[2], 'base64');
    if (bytes.length < 5) return null;
    signatures.push({ name: match[1], keyHash: bytes.subarray(0, 4), signature: bytes.subarray(4) });
  }
  return signatures.length > 0 ? { body, signatures } : null;
}

/**
 * Checks that `note` carries a valid signature by this key (name and key hash must match; other
 * signatures are ignored) and returns its body, or null.
 */
export function verifyNote(note: string, name: string, publicKey: Uint8Array): string | null {
  const parsed = parseNote(note);
  if (!parsed) return null;
  const hash = keyHash(name, publicKey);
  const key = publicKeyFromRaw(publicKey);
  const ok = parsed.signatures.some(
    (s) =>
      s.name === name &&
      s.keyHash.equals(hash) &&
      s.signature.length === 64 &&
      verify(null, Buffer.from(parsed.body, 'utf8'), key, s.signature),
  );
  return ok ? parsed.body : null;
}

/** Signs a checkpoint for the tree: the note served at /transparency/checkpoint. */
export function signCheckpoint(checkpoint: Checkpoint, name: string, privateKey: KeyObject): string {
  return signNote(checkpointBody(checkpoint), name, privateKey);
}

/** The checkpoint a note signed by this key states, or null when the signature or the body is wrong. */
export function verifyCheckpoint(note: string, name: string, publicKey: Uint8Array): Checkpoint | null {
  const body = verifyNote(note, name, publicKey);
  return body === null ? null : parseCheckpointBody(body);
}

export function privateKeyFromSeed(seed: Uint8Array): KeyObject {
  if (seed.length !== 32) throw new RangeError('an Ed25519 seed is 32 bytes');
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

export function publicKeyFromRaw(publicKey: Uint8Array): KeyObject {
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') },
    format: 'jwk',
  });
}

/** The 32 raw bytes of the public half of an Ed25519 key. */
export function rawPublicKey(key: KeyObject): Buffer {
  const jwk = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new TypeError('not an Ed25519 key');
  return Buffer.from(jwk.x, 'base64url');
}

/** The 32-byte seed of an Ed25519 private key. */
export function seedOf(key: KeyObject): Buffer {
  const der = key.export({ format: 'der', type: 'pkcs8' });
  return Buffer.from(der.subarray(der.length - 32));
}

/**
 * An Ed25519 private key as configured: base64 of the 32-byte seed, base64 of its PKCS#8 DER, a PEM
 * `PRIVATE KEY`, or a signed-note private key `PRIVATE+KEY+name+hash+base64(0x01 ‖ seed)`.
 */
export function parseSigningKey(text: string): KeyObject {
  const value = text.trim();
  if (value.startsWith('-----BEGIN')) return ed25519Only(createPrivateKey({ key: value, format: 'pem' }));
  const note = /^PRIVATE\+KEY\+[^+\s]+\+[0-9a-f]{8}\+([A-Za-z0-9+/]+=*)$/.exec(value);
  if (note) {
    const bytes = Buffer.from(note[1], 'base64');
    if (bytes.length !== 33 || bytes[0] !== ED25519_TYPE) throw new RangeError('not an Ed25519 signed-note key');
    return privateKeyFromSeed(bytes.subarray(1));
  }
  if (!/^[A-Za-z0-9+/_-]+=*$/.test(value)) throw new RangeError('not base64, PEM or a signed-note key');
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length === 32) return privateKeyFromSeed(bytes);
  return ed25519Only(createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8' }));
}

function ed25519Only(key: KeyObject): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') throw new RangeError(`an ${key.asymmetricKeyType} key, not Ed25519`);
  return key;
}
