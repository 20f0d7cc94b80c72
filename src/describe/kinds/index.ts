/**
 * Loads every kind-specific describer: each module registers its kinds with
 * registerDescriber when imported. One import per file, kept sorted.
 */
export {};
