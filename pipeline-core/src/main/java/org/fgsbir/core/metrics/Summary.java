package org.fgsbir.core.metrics;

/**
 * Retrieval quality of a whole run. Fractions are in [0, 1]; reports print them times 100.
 *
 * @param mA mean over sketches of the sketch's mean rank percentile over its steps (m@A, area under the
 *     percentile-vs-step curve)
 * @param mB mean over sketches of the sketch's mean reciprocal rank over its steps (m@B)
 * @param acc1 fraction of sketches whose complete sketch (last step) ranks the true photo first
 * @param acc5 the same for rank {@code <= 5}
 * @param acc10 the same for rank {@code <= 10}
 * @param sketches number of sketches
 * @param minGallerySize smallest gallery searched
 * @param maxGallerySize largest gallery searched
 */
public record Summary(
    double mA, double mB, double acc1, double acc5, double acc10, long sketches, int minGallerySize,
    int maxGallerySize) {}
