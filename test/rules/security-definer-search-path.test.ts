import { ruleTester } from '../rule-tester.js';

ruleTester.run('security-definer-search-path', {
  valid: [
    "CREATE FUNCTION f() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path = '' AS $$ SELECT 1 $$;",
    'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;',
  ],
  invalid: [
    { sql: 'CREATE FUNCTION f() RETURNS int LANGUAGE sql SECURITY DEFINER AS $$ SELECT 1 $$;', errors: [{ messageId: 'noSearchPath', line: 1, message: 'SECURITY DEFINER function public.f() has no SET search_path' }] },
    { name: 'after a non-ASCII comment, with arguments', sql: '-- Fonction privilégiée ✓\nCREATE FUNCTION app_grant(who text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER AS $$ BEGIN END $$;', errors: [{ messageId: 'noSearchPath', line: 2, message: /public\.app_grant\(text\)/ }] },
    { name: 'created by a DO block', sql: "DO $$ BEGIN\n  EXECUTE 'CREATE FUNCTION g() RETURNS int LANGUAGE sql SECURITY DEFINER AS ''SELECT 1''';\nEND $$;", errors: [{ messageId: 'noSearchPath', line: 2 }] },
  ],
});
