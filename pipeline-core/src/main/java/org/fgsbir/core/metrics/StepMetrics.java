package org.fgsbir.core.metrics;

/**
 * Retrieval quality over all queries at one drawing step. Fractions are in [0, 1].
 *
 * @param step the drawing step
 * @param queries number of sketches that have this step
 * @param acc1 fraction of those queries with rank 1
 * @param acc5 fraction with rank {@code <= 5}
 * @param acc10 fraction with rank {@code <= 10}
 * @param meanReciprocalRank mean of {@code 1 / rank}
 * @param meanPercentile mean of {@code (G - rank) / (G - 1)} (1 for {@code G = 1})
 */
public record StepMetrics(
    int step, long queries, double acc1, double acc5, double acc10, double meanReciprocalRank,
    double meanPercentile) {}
