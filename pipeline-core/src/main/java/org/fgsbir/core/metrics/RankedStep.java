package org.fgsbir.core.metrics;

/**
 * The rank of the true photo for one sketch at one drawing step.
 *
 * @param sketchId the sketch
 * @param step drawing step, {@code 1..stepsTotal}
 * @param stepsTotal number of steps of this sketch; step {@code stepsTotal} is the complete sketch
 * @param rank rank of the true photo, {@code 1..gallerySize}
 * @param gallerySize number of photos searched, at least 1
 */
public record RankedStep(String sketchId, int step, int stepsTotal, int rank, int gallerySize) {

  /** Validates the values; messages name the sketch and step. */
  public RankedStep {
    if (sketchId == null || sketchId.isBlank()) {
      throw new IllegalArgumentException("ranked step has a missing or blank sketch id");
    }
    if (stepsTotal < 1 || step < 1 || step > stepsTotal) {
      throw new IllegalArgumentException("sketch " + sketchId + ": step " + step + " of " + stepsTotal
          + " is invalid; steps run from 1 to stepsTotal (>= 1)");
    }
    if (gallerySize < 1) {
      throw new IllegalArgumentException("sketch " + sketchId + " step " + step + ": gallery size "
          + gallerySize + " must be >= 1");
    }
    if (rank < 1 || rank > gallerySize) {
      throw new IllegalArgumentException("sketch " + sketchId + " step " + step + ": rank " + rank
          + " outside 1.." + gallerySize + " (the gallery size)");
    }
  }

  /** {@code 1 / rank}. */
  public double reciprocalRank() {
    return 1.0 / rank;
  }

  /**
   * The rank percentile {@code (G - rank) / (G - 1)}: 1 when the true photo is first, 0 when it is last;
   * 1 for a one-photo gallery.
   */
  public double percentile() {
    return gallerySize == 1 ? 1.0 : (double) (gallerySize - rank) / (gallerySize - 1);
  }
}
