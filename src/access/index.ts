export { createAccessService, generateTokenSecret, hashToken, type AccessService, type CreatedToken, type Principal, type TokenInfo } from './tokens.ts';
export { roleAllows, roles, type Role } from './roles.ts';
