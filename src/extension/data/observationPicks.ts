// Pure: "Download Observation…" decisions — what the user typed as an observation, and the product filters offered
// for its product list (astroquery's filter_products fields), each with how many files and bytes it keeps.
import type * as vscode from 'vscode';
import type { MastProduct, MastProductFilters } from '../../core/catalog/mastProducts';
import { filterProducts } from '../../core/catalog/mastProducts';
import { formatBytes } from '../route/routeText';

/** What this needs of `vscode.l10n`; strings go through `l10n.t('…')` so @vscode/l10n-dev extracts them. */
type L10n = Pick<typeof vscode.l10n, 't'>;

export interface ObservationRef {
  readonly collection: string;
  readonly obsId: string;
  /** `mast:obs/<collection>/<obs_id>`, the set address core expands. */
  readonly uri: string;
}

const NAME = /^[A-Za-z0-9_.-]+$/;

/** `mast:obs/HST/jbtf01010`, `HST/jbtf01010` or `HST jbtf01010`; undefined for anything else. */
export function parseObservationInput(raw: string): ObservationRef | undefined {
  const v = raw.trim().replace(/^mast:obs\//i, '');
  const parts = v.split(/[/\s]+/).filter(Boolean);
  if (parts.length !== 2 || !parts.every((p) => NAME.test(p))) return undefined;
  const [collection, obsId] = [parts[0]!.toUpperCase(), parts[1]!];
  return { collection, obsId, uri: `mast:obs/${collection}/${obsId}` };
}

export type FilterField = 'mrpOnly' | 'productType' | 'productSubGroupDescription';

export interface FilterPick {
  readonly field: FilterField;
  readonly value: string;
  readonly label: string;
  readonly description: string;
  readonly picked: boolean;
}

export interface FilterGroup {
  readonly title: string;
  readonly picks: readonly FilterPick[];
}

function countAndSize(products: readonly MastProduct[], l10n: L10n): string {
  const bytes = products.reduce((a, p) => a + (p.size ?? 0), 0);
  const unknown = products.some((p) => p.size === null);
  const size = `${formatBytes(bytes)}${unknown ? '+' : ''}`;
  return products.length === 1 ? l10n.t('1 file · {0}', size) : l10n.t('{0} files · {1}', products.length, size);
}

/**
 * The filters worth offering for this product list: "minimum recommended products" when some are, then each product
 * type and each product group present, as astroquery names them. Nothing is picked but the recommended set (the
 * default of astroquery's download_products is everything; the recommended set is what most users want first).
 */
export function observationFilterGroups(products: readonly MastProduct[], l10n: L10n): FilterGroup[] {
  const groups: FilterGroup[] = [];
  const mrp = products.filter((p) => p.productGroupDescription === 'Minimum Recommended Products');
  if (mrp.length && mrp.length < products.length)
    groups.push({
      title: l10n.t('Recommended'),
      picks: [
        {
          field: 'mrpOnly',
          value: 'true',
          label: l10n.t('Minimum recommended products only'),
          description: countAndSize(mrp, l10n),
          picked: true,
        },
      ],
    });
  const distinct = (field: 'productType' | 'productSubGroupDescription', title: string) => {
    const values = [...new Set(products.map((p) => p[field]).filter((v): v is string => !!v))].sort();
    if (values.length < 2) return;
    groups.push({
      title,
      picks: values.map((value) => ({
        field,
        value,
        label: value,
        description: countAndSize(
          products.filter((p) => p[field] === value),
          l10n,
        ),
        picked: false,
      })),
    });
  };
  distinct('productType', l10n.t('Product type'));
  distinct('productSubGroupDescription', l10n.t('Product group'));
  return groups;
}

/** astroquery's semantics: AND across fields, OR within one; a field with nothing picked does not filter. */
export function filtersFromPicks(picks: readonly Pick<FilterPick, 'field' | 'value'>[]): MastProductFilters {
  const of = (field: FilterField) => picks.filter((p) => p.field === field).map((p) => p.value);
  const productType = of('productType');
  const sub = of('productSubGroupDescription');
  return {
    ...(of('mrpOnly').length ? { mrpOnly: true } : {}),
    ...(productType.length ? { productType } : {}),
    ...(sub.length ? { productSubGroupDescription: sub } : {}),
  };
}

/** What the picked filters keep, for the confirmation line and the "nothing matches" check. */
export function keptProducts(products: readonly MastProduct[], filters: MastProductFilters): MastProduct[] {
  return filterProducts(products, filters);
}
