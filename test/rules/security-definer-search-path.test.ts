import { ruleTester } from '../rule-tester.js';

ruleTester.run('security-definer-search-path', {
  valid: [
    "CREATE FUNCTION f() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path = '' AS $$ SELECT 1 $$;",
    'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;',
    { name: 'a later ALTER FUNCTION pins the search_path', sql: ['CREATE FUNCTION f(n int) RETURNS int LANGUAGE sql SECURITY DEFINER AS $$ SELECT n $$;', 'ALTER FUNCTION f(integer) SET search_path = public, pg_temp;'] },
    { name: 'a later ALTER FUNCTION makes it SECURITY INVOKER', sql: ['CREATE FUNCTION f() RETURNS int LANGUAGE sql SECURITY DEFINER AS $$ SELECT 1 $$;', 'ALTER FUNCTION f() SECURITY INVOKER;'] },
  ],
  invalid: [
    { sql: 'CREATE FUNCTION f() RETURNS int LANGUAGE sql SECURITY DEFINER AS $$ SELECT 1 $$;', errors: [{ messageId: 'noSearchPath', line: 1, message: 'SECURITY DEFINER function public.f() has no SET search_path' }] },
    { name: 'after a non-ASCII comment, with arguments', sql: '-- Fonction privilégiée ✓\nCREATE FUNCTION app_grant(who text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER AS $$ BEGIN END $$;', errors: [{ messageId: 'noSearchPath', line: 2, message: /public\.app_grant\(text\)/ }] },
    { name: 'made SECURITY DEFINER by a later ALTER FUNCTION', sql: ['CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;', 'ALTER FUNCTION f SECURITY DEFINER;'], errors: [{ messageId: 'noSearchPath', line: 1 }] },
    { name: 'its search_path reset by a later ALTER FUNCTION', sql: ["CREATE FUNCTION f() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path = '' AS $$ SELECT 1 $$;", 'ALTER FUNCTION f() RESET search_path;'], errors: [{ messageId: 'noSearchPath', line: 1 }] },
    { name: 'created by a DO block', sql: "DO $$ BEGIN\n  EXECUTE 'CREATE FUNCTION g() RETURNS int LANGUAGE sql SECURITY DEFINER AS ''SELECT 1''';\nEND $$;", errors: [{ messageId: 'noSearchPath', line: 2 }] },
  ],
});
