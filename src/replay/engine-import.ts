/**
 * Loading the replay engines (PGlite, pg) only when a command replays.
 *
 * The bundled CLI is compiled from a V8 code cache (cli/launch.ts), and in
 * Node 20 an `import()` inside code restored from a cache finds no loader
 * (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING). The launcher therefore hands in
 * an importer compiled outside the bundle (`setEngineImporter`); everywhere
 * else the plain `import()` is used.
 */

type Importer = (specifier: string) => Promise<unknown>;

let importer: Importer = (specifier) => import(specifier);

export function setEngineImporter(fn: Importer): void {
  importer = fn;
}

/** `import(specifier)`, through the launcher's importer when it gave one. */
export function importEngine<T>(specifier: string): Promise<T> {
  return importer(specifier) as Promise<T>;
}
