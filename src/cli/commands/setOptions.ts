// Pure: the options `cdr get` and `cdr ls` share for data sets — key filters and MAST product filters.
import { compileFilters, type CompiledFilters, type KeyFilter } from '../../core/catalog/keyGlob';
import type { MastProductFilters } from '../../core/catalog/mastProducts';
import type { CliCommand, OptionSpec } from '../command';

type RunArgs = Parameters<CliCommand['run']>[0];

export const filterOptions: Readonly<Record<string, OptionSpec>> = {
  include: {
    type: 'string',
    multiple: true,
    valueName: 'GLOB',
    description:
      'Keep files whose name below the prefix matches (as aws s3 cp: in order, last match wins; * crosses /).',
  },
  exclude: {
    type: 'string',
    multiple: true,
    valueName: 'GLOB',
    description: 'Leave out files whose name below the prefix matches (see --include).',
  },
};

export const productOptions: Readonly<Record<string, OptionSpec>> = {
  'product-type': {
    type: 'string',
    valueName: 'T,…',
    description: 'Observations: MAST productType, e.g. SCIENCE or SCIENCE,AUXILIARY.',
  },
  'product-subgroup': {
    type: 'string',
    valueName: 'S,…',
    description: 'Observations: productSubGroupDescription, e.g. DRZ,FLT or X1D.',
  },
  extension: {
    type: 'string',
    valueName: 'EXT,…',
    description: 'Observations: file name endings, e.g. fits or _drz.fits.',
  },
  'mrp-only': { type: 'boolean', description: 'Observations: only the Minimum Recommended Products.' },
};

/** --include/--exclude in the order they were given, across both flags. */
export function keyFiltersFrom(args: RunArgs): CompiledFilters {
  const filters: KeyFilter[] = [];
  if (args.tokens) {
    for (const t of args.tokens)
      if (t.kind === 'option' && (t.name === 'include' || t.name === 'exclude'))
        filters.push({ kind: t.name, pattern: t.value ?? '' });
  } else {
    for (const p of (args.values.include as string[] | undefined) ?? []) filters.push({ kind: 'include', pattern: p });
    for (const p of (args.values.exclude as string[] | undefined) ?? []) filters.push({ kind: 'exclude', pattern: p });
  }
  return compileFilters(filters);
}

function list(v: unknown): string[] | undefined {
  if (typeof v !== 'string') return undefined;
  const items = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

export function productFiltersFrom(values: RunArgs['values']): MastProductFilters {
  return {
    ...(list(values['product-type']) ? { productType: list(values['product-type']) } : {}),
    ...(list(values['product-subgroup']) ? { productSubGroupDescription: list(values['product-subgroup']) } : {}),
    ...(list(values.extension) ? { extension: list(values.extension) } : {}),
    ...(values['mrp-only'] === true ? { mrpOnly: true } : {}),
  };
}
