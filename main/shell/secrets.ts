import { safeStorage } from 'electron';
import type { SecretCodec } from '../connection/profile-store.js';

/**
 * A codec that keeps profile secrets encrypted with the OS keychain (Keychain, DPAPI, libsecret
 * or KWallet), or undefined where there is none. Linux without a keyring falls back to a
 * hard-coded key ("basic_text"), which protects nothing: then the 0600 file stays as it is.
 * Call after the app is ready.
 */
export function keychainCodec(
  platform: NodeJS.Platform = process.platform,
): SecretCodec | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    return undefined;
  }

  return {
    encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
    decrypt: (stored) => safeStorage.decryptString(Buffer.from(stored, 'base64')),
  };
}
