/**
 * A response curve in spend space: value(x) = scale * x^shape / (x^shape + halfSaturation^shape).
 * scale is the most the channel can deliver per period; halfSaturation is the steady spend per period
 * that delivers half of it. The same shape serves benchmark channels and calibrated ones.
 */
export interface HillCurve {
  scale: number;
  halfSaturation: number;
  shape: number;
}

export function hill(x: number, halfSaturation: number, shape: number): number {
  if (x <= 0) return 0;
  if (shape === 1) return x / (x + halfSaturation);
  // Written as 1 / (1 + (k/x)^s) to stay finite for large x and large shapes.
  return 1 / (1 + (halfSaturation / x) ** shape);
}

export function curveValue(curve: HillCurve, x: number): number {
  return curve.scale * hill(x, curve.halfSaturation, curve.shape);
}

/** d value / d spend: the marginal return of one more unit of money at spend x. */
export function curveMarginal(curve: HillCurve, x: number): number {
  const { scale, halfSaturation: k, shape: s } = curve;
  if (x <= 0) {
    if (s < 1) return Number.POSITIVE_INFINITY;
    return s === 1 ? scale / k : 0;
  }
  const ratio = (k / x) ** s;
  return (scale * s * ratio) / (x * (1 + ratio) ** 2);
}

/** Spend where the curve turns from convex to concave; 0 for curves that are concave throughout. */
export function curveInflection(curve: HillCurve): number {
  const s = curve.shape;
  if (s <= 1) return 0;
  return curve.halfSaturation * ((s - 1) / (s + 1)) ** (1 / s);
}
