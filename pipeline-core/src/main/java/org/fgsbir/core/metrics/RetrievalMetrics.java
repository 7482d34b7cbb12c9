package org.fgsbir.core.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * FG-SBIR metrics from ranks: per-step accuracy curves and the on-the-fly summary (acc@K of the complete
 * sketch, m@A and m@B). Results do not depend on the order of the input rows: rows are sorted by sketch
 * and step before any sum.
 */
public final class RetrievalMetrics {
  private RetrievalMetrics() {}

  /**
   * Groups the rows by step number and computes each step's metrics over the sketches that have it.
   *
   * @param rows one row per (sketch, step)
   * @return one entry per step present, by step ascending (empty for no rows)
   * @throws IllegalArgumentException if a (sketch, step) pair repeats or a sketch's rows disagree on
   *     {@code stepsTotal}
   */
  public static List<StepMetrics> perStep(Collection<RankedStep> rows) {
    List<RankedStep> sorted = sortedAndChecked(rows, Comparator.comparingInt(RankedStep::step)
        .thenComparing(RankedStep::sketchId));
    List<StepMetrics> out = new ArrayList<>();
    int i = 0;
    while (i < sorted.size()) {
      int step = sorted.get(i).step();
      long n = 0;
      long hit1 = 0;
      long hit5 = 0;
      long hit10 = 0;
      double rr = 0;
      double pct = 0;
      for (; i < sorted.size() && sorted.get(i).step() == step; i++) {
        RankedStep r = sorted.get(i);
        n++;
        hit1 += r.rank() <= 1 ? 1 : 0;
        hit5 += r.rank() <= 5 ? 1 : 0;
        hit10 += r.rank() <= 10 ? 1 : 0;
        rr += r.reciprocalRank();
        pct += r.percentile();
      }
      out.add(new StepMetrics(step, n, (double) hit1 / n, (double) hit5 / n, (double) hit10 / n, rr / n,
          pct / n));
    }
    return out;
  }

  /**
   * Summarises a run: per sketch the mean over its steps of {@code 1/rank} (m@B) and of the rank
   * percentile (m@A), then the mean over sketches; acc@K at each sketch's last step
   * ({@code step == stepsTotal}).
   *
   * @param rows one row per (sketch, step), every sketch including its last step
   * @throws IllegalArgumentException if there are no rows, a (sketch, step) pair repeats, a sketch's rows
   *     disagree on {@code stepsTotal}, or a sketch lacks its last step
   */
  public static Summary summarise(Collection<RankedStep> rows) {
    List<RankedStep> sorted = sortedAndChecked(rows, Comparator.comparing(RankedStep::sketchId)
        .thenComparingInt(RankedStep::step));
    if (sorted.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot summarise retrieval: no ranked steps; score at least one sketch first");
    }
    long sketches = 0;
    long hit1 = 0;
    long hit5 = 0;
    long hit10 = 0;
    double sumA = 0;
    double sumB = 0;
    int minG = Integer.MAX_VALUE;
    int maxG = 0;
    int i = 0;
    while (i < sorted.size()) {
      String id = sorted.get(i).sketchId();
      int steps = 0;
      double rr = 0;
      double pct = 0;
      RankedStep last = null;
      for (; i < sorted.size() && sorted.get(i).sketchId().equals(id); i++) {
        RankedStep r = sorted.get(i);
        steps++;
        rr += r.reciprocalRank();
        pct += r.percentile();
        minG = Math.min(minG, r.gallerySize());
        maxG = Math.max(maxG, r.gallerySize());
        if (r.step() == r.stepsTotal()) {
          last = r;
        }
      }
      if (last == null) {
        throw new IllegalArgumentException("Cannot summarise retrieval: sketch " + id + " has no row for its"
            + " last step " + sorted.get(i - 1).stepsTotal() + " (the complete sketch), so its acc@K is"
            + " undefined; score every step of every sketch, or drop the incomplete sketch");
      }
      sketches++;
      sumB += rr / steps;
      sumA += pct / steps;
      hit1 += last.rank() <= 1 ? 1 : 0;
      hit5 += last.rank() <= 5 ? 1 : 0;
      hit10 += last.rank() <= 10 ? 1 : 0;
    }
    return new Summary(sumA / sketches, sumB / sketches, (double) hit1 / sketches, (double) hit5 / sketches,
        (double) hit10 / sketches, sketches, minG, maxG);
  }

  private static List<RankedStep> sortedAndChecked(Collection<RankedStep> rows, Comparator<RankedStep> order) {
    Objects.requireNonNull(rows, "rows");
    List<RankedStep> bySketch = new ArrayList<>(rows.size());
    for (RankedStep r : rows) {
      bySketch.add(Objects.requireNonNull(r, "ranked step row is null"));
    }
    bySketch.sort(Comparator.comparing(RankedStep::sketchId).thenComparingInt(RankedStep::step));
    for (int i = 1; i < bySketch.size(); i++) {
      RankedStep a = bySketch.get(i - 1);
      RankedStep b = bySketch.get(i);
      if (!a.sketchId().equals(b.sketchId())) {
        continue;
      }
      if (a.step() == b.step()) {
        throw new IllegalArgumentException("Cannot compute metrics: sketch " + a.sketchId() + " has step "
            + a.step() + " twice (ranks " + a.rank() + " and " + b.rank() + "); each (sketch, step) must"
            + " be scored once: check for duplicate sketch ids or a repeated scoring run");
      }
      if (a.stepsTotal() != b.stepsTotal()) {
        throw new IllegalArgumentException("Cannot compute metrics: sketch " + a.sketchId() + " has rows"
            + " with stepsTotal " + a.stepsTotal() + " and " + b.stepsTotal() + "; all steps of a sketch"
            + " must come from one protocol run");
      }
    }
    if (order != null) {
      bySketch.sort(order);
    }
    return bySketch;
  }
}
