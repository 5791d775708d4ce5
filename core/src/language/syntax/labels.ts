// How messages name the place a problem is in ("in model `Sine`", "in the
// block `hidden`"): the parser and the checker both say it, in the same words.
import { t } from '../../shared';

export function modelLabel(name: string | undefined): string {
  return name === undefined ? t('the model') : t('model `{0}`', name);
}

export function blockLabel(name: string): string {
  return t('the block `{0}`', name);
}
