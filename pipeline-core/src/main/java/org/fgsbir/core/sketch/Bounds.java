package org.fgsbir.core.sketch;

/**
 * An axis-aligned bounding box {@code [minX, maxX] x [minY, maxY]} in sketch coordinates.
 *
 * @param minX smallest x
 * @param minY smallest y
 * @param maxX largest x
 * @param maxY largest y
 */
public record Bounds(float minX, float minY, float maxX, float maxY) {

  /** Width, {@code maxX - minX} (0 for a single point or a vertical line). */
  public float width() {
    return maxX - minX;
  }

  /** Height, {@code maxY - minY}. */
  public float height() {
    return maxY - minY;
  }
}
