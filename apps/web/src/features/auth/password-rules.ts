import { PASSWORD_MIN_LENGTH } from '@fengqiao/contracts';

/**
 * The server's password rules that the browser can check as the user types.
 * "Not a common password" needs the server's list, so it is only stated.
 */
export interface RuleState {
  length: boolean;
  username: boolean;
  repetitive: boolean;
}

export function checkPasswordRules(password: string, username: string): RuleState {
  const lower = password.toLowerCase();
  return {
    length: password.length >= PASSWORD_MIN_LENGTH,
    username: !(username.length >= 3 && lower.includes(username.toLowerCase())),
    repetitive: password.length > 0 && new Set(lower).size > 2,
  };
}

export { PASSWORD_MIN_LENGTH };
