import { userInfo } from 'node:os';
import { cliPrincipal, type Principal } from '../domain/principal.js';

/** The local CLI holds the store itself: admin over it, recorded as `cli:<os-user>` (DESIGN "Principals"). */
export function localPrincipal(): Principal {
  let user: string | undefined;
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (a container's arbitrary uid): the environment's name, else cli:unknown
  }
  return cliPrincipal(user ?? process.env.USER ?? process.env.LOGNAME ?? 'unknown');
}
