import { roles, type Role } from '../../access/index.ts';
import { parseCommandArgs, UsageError, type Command } from '../command.ts';
import { withHub } from '../hub.ts';

export const tokenCommand: Command = {
  name: 'token',
  summary: 'create, list or revoke API access tokens',
  help: `Usage:
  omnisync token create --name NAME [--role admin|operator|viewer]   (default role: operator)
  omnisync token list
  omnisync token revoke ID

Tokens are shown once, when created, and stored only as a hash. Viewers read;
operators also move stock and edit the catalog; admins also manage tokens.
This command opens the database directly (it is how you get back in when no admin
token is left).

Example:
  omnisync token create --name warehouse-scanner --role operator`,
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(argv, { name: { type: 'string' }, role: { type: 'string' } });
    if (values.help) return ctx.io.out(this.help), 0;
    const [action, id] = positionals;
    if (action === 'create') {
      if (!values.name) throw new UsageError('token create needs --name');
      const role = (values.role ?? 'operator') as Role;
      if (!roles.includes(role)) throw new UsageError(`--role must be one of ${roles.join(', ')}`);
      const created = await withHub(ctx, (hub) => hub.access.createToken({ name: values.name!, role, createdBy: `cli:${process.env.USER ?? 'unknown'}` }));
      ctx.io.out(`created ${created.role} token "${created.name}" (id ${created.id}). It is shown only now:`);
      ctx.io.out(created.token);
      return 0;
    }
    if (action === 'list') {
      const tokens = await withHub(ctx, (hub) => hub.access.listTokens());
      for (const t of tokens) ctx.io.out(`${t.id}\t${t.role}\t${t.name}\t${t.prefix}…\t${t.revokedAt ? `revoked ${t.revokedAt}` : 'active'}`);
      return 0;
    }
    if (action === 'revoke') {
      if (!id) throw new UsageError('token revoke needs the token id (see omnisync token list)');
      const result = await withHub(ctx, (hub) => hub.access.revokeToken(id));
      if (!result.ok) return ctx.io.err(result.message), 1;
      ctx.io.out(`revoked token ${id} (${result.value.name})`);
      return 0;
    }
    throw new UsageError('token needs an action: create, list or revoke');
  },
};
