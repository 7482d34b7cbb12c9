package org.fgsbir.core.samples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fgsbir.core.samples.Figure.Level;
import org.fgsbir.core.sketch.Sketch;
import org.fgsbir.core.sketch.Stroke;

/**
 * Turns a {@link Figure}'s traces into human-like free-hand sketches. First, once per instance, the
 * clean strokes: the silhouette's outer contour, then the visible parts of the major and detail traces
 * (hidden lines removed, lines already drawn not drawn again). Then, per sketch: omissions (never the
 * outline), global affine distortion and a smooth warp (slightly wrong proportions), per-stroke
 * misplacement, a low-frequency wobble along each stroke, loose closures, the occasional over-stroke,
 * a pen-speed model that samples points in time, pauses between strokes, placement on a 256 canvas,
 * per-point jitter and integer rounding (Quick, Draw! raw style).
 */
final class SketchSynthesizer {
  static final int CANVAS = 256;
  private static final double MASK_WIDTH = 3.2;

  private SketchSynthesizer() {}

  /**
   * One clean stroke in canvas coordinates, densely sampled (about 1 px apart).
   *
   * @param level coarse-to-fine level
   * @param name part name
   * @param group omission group
   * @param path dense polyline
   * @param dash whether this stroke is one dash of a dashed line
   */
  record CleanStroke(Level level, String name, String group, Poly path, boolean dash) {}

  /** The clean strokes of a figure, coarse to fine. */
  static List<CleanStroke> cleanStrokes(Figure fig) {
    AffineTransform toCanvas = fig.toCanvas();
    List<CleanStroke> out = new ArrayList<>();
    BufferedImage mask = new BufferedImage(CANVAS, CANVAS, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = mask.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
    g.setColor(Color.WHITE);
    g.setStroke(new BasicStroke((float) MASK_WIDTH, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    try {
      // the silhouette, grown by 0.6 px so that parts that only touch still make one outline
      Area silhouette = fig.silhouette().createTransformedArea(toCanvas);
      silhouette.add(new Area(new BasicStroke(1.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
          .createStrokedShape(silhouette)));
      List<Poly> contours = new ArrayList<>();
      for (Poly p : Poly.fromShape(silhouette, 0.2)) {
        if (p.closed) {
          contours.add(p);
        }
      }
      if (contours.isEmpty()) {
        throw new IllegalStateException("figure has no silhouette");
      }
      contours.sort(Comparator.comparingDouble((Poly p) -> -Math.abs(p.signedArea())));
      Poly outer = contours.get(0);
      Poly outline = outer.resampled(1.0);
      out.add(new CleanStroke(Level.OUTLINE, "outline", "outline", outline, false));
      g.draw(outline.toPath());
      // further outer components (same orientation as the outline, not holes) are drawn as major parts
      for (Poly p : contours.subList(1, contours.size())) {
        if (Math.signum(p.signedArea()) == Math.signum(outer.signedArea()) && Math.abs(p.signedArea()) > 20) {
          Poly part = p.resampled(1.0);
          out.add(new CleanStroke(Level.MAJOR, "outline-part", "outline", part, false));
          g.draw(part.toPath());
        }
      }

      List<Figure.PaintOp> ops = fig.paints();
      Area[] occluderAfter = occluders(ops, toCanvas);
      for (Level level : new Level[] {Level.MAJOR, Level.DETAIL}) {
        List<Figure.Trace> traces = new ArrayList<>();
        for (Figure.Trace t : fig.traces()) {
          if (t.level() == level) {
            traces.add(t);
          }
        }
        traces.sort(Comparator.comparingInt(t -> fig.drawRank(t.group())));
        for (Figure.Trace t : traces) {
          Poly dense = t.path().transformed(toCanvas).resampled(1.0);
          Area occ = t.owner() + 1 < occluderAfter.length ? occluderAfter[t.owner() + 1] : null;
          boolean[] keep = new boolean[dense.size()];
          for (int i = 0; i < keep.length; i++) {
            double x = dense.xs[i];
            double y = dense.ys[i];
            keep[i] = !covered(mask, x, y) && (occ == null || !insideDeep(occ, x, y, 1.2));
          }
          double minLength = level == Level.MAJOR ? 6 : 3;
          for (Poly run : runs(dense, keep, minLength)) {
            if (t.dashed()) {
              for (Poly dash : dashes(run, 5.0, 4.0)) {
                out.add(new CleanStroke(level, t.name(), t.group(), dash, true));
                g.draw(dash.toPath());
              }
            } else {
              out.add(new CleanStroke(level, t.name(), t.group(), run, false));
              g.draw(run.toPath());
            }
          }
        }
      }
    } finally {
      g.dispose();
    }
    return out;
  }

  /** occluderAfter[i] = union of the solid paints with index >= i, in canvas coordinates. */
  private static Area[] occluders(List<Figure.PaintOp> ops, AffineTransform toCanvas) {
    Area[] after = new Area[ops.size() + 1];
    Area acc = new Area();
    after[ops.size()] = null;
    for (int i = ops.size() - 1; i >= 0; i--) {
      Figure.PaintOp op = ops.get(i);
      if (op.solid()) {
        acc = (Area) acc.clone();
        acc.add(new Area(toCanvas.createTransformedShape(op.shape())));
      }
      after[i] = acc.isEmpty() ? null : acc;
    }
    return after;
  }

  private static boolean covered(BufferedImage mask, double x, double y) {
    int ix = (int) Math.round(x);
    int iy = (int) Math.round(y);
    if (ix < 0 || iy < 0 || ix >= CANVAS || iy >= CANVAS) {
      return false;
    }
    return (mask.getRaster().getSample(ix, iy, 0)) != 0;
  }

  private static boolean insideDeep(Area a, double x, double y, double m) {
    return a.contains(x, y) && a.contains(x + m, y) && a.contains(x - m, y) && a.contains(x, y + m)
        && a.contains(x, y - m);
  }

  /** The kept runs of a dense polyline; a closed polyline kept whole stays closed. */
  static List<Poly> runs(Poly dense, boolean[] keep, double minLength) {
    List<Poly> out = new ArrayList<>();
    int n = dense.size();
    boolean all = true;
    for (boolean k : keep) {
      all &= k;
    }
    if (all) {
      if (dense.length() >= minLength) {
        out.add(dense);
      }
      return out;
    }
    int start = 0;
    if (dense.closed) {
      // start the scan at a dropped point so that a run across the seam stays in one piece
      while (keep[start]) {
        start++;
      }
    }
    List<double[]> cur = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      int i = (start + k) % n;
      if (keep[i]) {
        cur.add(dense.point(i));
      } else {
        flush(cur, out, minLength);
        cur = new ArrayList<>();
      }
    }
    flush(cur, out, minLength);
    return out;
  }

  private static void flush(List<double[]> cur, List<Poly> out, double minLength) {
    if (cur.size() >= 2) {
      Poly p = Poly.of(cur, false);
      if (p.length() >= minLength) {
        out.add(p);
      }
    }
  }

  static List<Poly> dashes(Poly run, double dash, double gap) {
    List<Poly> out = new ArrayList<>();
    Poly open = run.closed ? run.openedAtStart() : run;
    double total = open.length();
    if (total < dash) {
      out.add(open);
      return out;
    }
    int count = (int) Math.max(1, Math.floor((total + gap) / (dash + gap)));
    double used = count * dash + (count - 1) * gap;
    double s = (total - used) / 2;
    for (int k = 0; k < count; k++) {
      out.add(open.between(s / total, Math.min(1, (s + dash) / total)));
      s += dash + gap;
    }
    return out;
  }

  // ------------------------------------------------------------------ per-sketch synthesis

  /** One synthesised stroke before placement: canvas-space points and times (ms). */
  private record TimedStroke(double[] xs, double[] ys, double[] ts) {}

  /** Synthesises one sketch from the clean strokes. */
  static Sketch synthesize(List<CleanStroke> clean, Rng rng, String id, String category, String photoId,
      String split) {
    double sloppy = rng.range(0.25, 1.0);
    List<CleanStroke> chosen = choose(clean, rng.fork("omit"), sloppy);
    chosen = shuffleWithinLevels(chosen, rng.fork("order"));

    Warp warp = new Warp(rng.fork("warp"), sloppy);
    Rng strokeRng = rng.fork("strokes");
    Rng timeRng = rng.fork("time");
    double speed = timeRng.range(0.38, 0.8); // px per ms at full speed
    double frame = timeRng.range(17, 26); // ms between pen samples
    double overstroke = strokeRng.chance(0.2 + 0.3 * sloppy) ? strokeRng.uniform() : -1;
    int majorCount = 0;
    for (CleanStroke c : chosen) {
      if (c.level() == Level.MAJOR && !c.dash()) {
        majorCount++;
      }
    }
    int overstrokeAt = overstroke < 0 || majorCount == 0 ? -1 : (int) (overstroke * majorCount);

    List<TimedStroke> timed = new ArrayList<>();
    double clock = 0;
    Level previousLevel = null;
    CleanStroke previous = null;
    int majorSeen = 0;
    for (CleanStroke c : chosen) {
      if (previous != null) {
        double pause = c.dash() && previous.dash() && c.group().equals(previous.group())
            ? timeRng.range(60, 180) : timeRng.range(140, 480);
        if (c.level() != previousLevel) {
          pause += timeRng.range(250, 800);
        }
        clock += pause;
      }
      Poly p = deform(c, warp, strokeRng, sloppy);
      TimedStroke ts = sample(p, clock, speed * (c.dash() ? 1.25 : 1.0), frame, timeRng);
      timed.add(ts);
      clock = ts.ts()[ts.ts().length - 1];
      if (c.level() == Level.MAJOR && !c.dash()) {
        if (majorSeen == overstrokeAt && c.path().length() > 25) {
          double f0 = strokeRng.range(0, 0.4);
          double f1 = Math.min(1, f0 + strokeRng.range(0.3, 0.6));
          Poly part = c.path().between(f0, f1).resampled(1.0);
          CleanStroke again = new CleanStroke(c.level(), c.name(), c.group(), part, false);
          Poly q = deform(again, warp, strokeRng, sloppy);
          clock += timeRng.range(120, 300);
          TimedStroke ts2 = sample(q, clock, speed * 1.2, frame, timeRng);
          timed.add(ts2);
          clock = ts2.ts()[ts2.ts().length - 1];
        }
        majorSeen++;
      }
      previousLevel = c.level();
      previous = c;
    }
    return place(timed, rng.fork("place"), sloppy, id, category, photoId, split);
  }

  private static List<CleanStroke> choose(List<CleanStroke> clean, Rng rng, double sloppy) {
    double dropDetail = 0.06 + 0.32 * sloppy;
    double dropMajor = 0.02 + 0.06 * sloppy;
    Map<String, Boolean> groupKept = new HashMap<>();
    List<CleanStroke> out = new ArrayList<>();
    for (CleanStroke c : clean) {
      boolean keep;
      switch (c.level()) {
        case OUTLINE -> keep = true;
        case MAJOR -> keep = !rng.chance(dropMajor);
        default -> {
          if (c.group().startsWith("~")) {
            Boolean g = groupKept.get(c.group());
            if (g == null) {
              g = !rng.chance(0.35 + 0.3 * sloppy);
              groupKept.put(c.group(), g);
            }
            keep = g && !rng.chance(0.08);
          } else {
            keep = !rng.chance(dropDetail);
          }
        }
      }
      if (keep) {
        out.add(c);
      }
    }
    return out;
  }

  private static List<CleanStroke> shuffleWithinLevels(List<CleanStroke> in, Rng rng) {
    List<CleanStroke> out = new ArrayList<>(in);
    for (int i = 1; i + 1 < out.size(); i++) {
      CleanStroke a = out.get(i);
      CleanStroke b = out.get(i + 1);
      if (a.level() == b.level() && a.level() != Level.OUTLINE && !a.dash() && !b.dash()
          && !a.group().equals(b.group()) && rng.chance(0.25)) {
        out.set(i, b);
        out.set(i + 1, a);
        i++;
      }
    }
    return out;
  }

  /** A global, smooth distortion of the whole drawing: affine part plus low-frequency warp. */
  private static final class Warp {
    final double a;
    final double b;
    final double c;
    final double d;
    final double ax;
    final double ay;
    final double lx;
    final double ly;
    final double px;
    final double py;
    final double keystone;

    Warp(Rng rng, double sloppy) {
      double rot = StrictMath.toRadians(rng.normal(1 + 1.5 * sloppy));
      double sx = 1 + rng.normal(0.03 + 0.04 * sloppy);
      double sy = 1 + rng.normal(0.03 + 0.04 * sloppy);
      double shear = rng.normal(0.02 + 0.04 * sloppy);
      double cr = StrictMath.cos(rot);
      double sr = StrictMath.sin(rot);
      // R * Shear * S
      a = cr * sx;
      b = (cr * shear - sr) * sy;
      c = sr * sx;
      d = (sr * shear + cr) * sy;
      ax = rng.range(1, 3 + 4 * sloppy);
      ay = rng.range(1, 3 + 4 * sloppy);
      lx = rng.range(160, 360);
      ly = rng.range(160, 360);
      px = rng.range(0, 2 * StrictMath.PI);
      py = rng.range(0, 2 * StrictMath.PI);
      keystone = rng.normal(0.02 + 0.04 * sloppy);
    }

    double[] apply(double x, double y) {
      double u = x - 128;
      double v = y - 128;
      double wx = u + ax * StrictMath.sin(2 * StrictMath.PI * v / lx + px) + keystone * u * v / 128;
      double wy = v + ay * StrictMath.sin(2 * StrictMath.PI * u / ly + py);
      return new double[] {128 + a * wx + b * wy, 128 + c * wx + d * wy};
    }
  }

  private static Poly deform(CleanStroke c, Warp warp, Rng rng, double sloppy) {
    Poly p = c.path();
    boolean closed = p.closed;
    int n = p.size();
    double[] xs = p.xs.clone();
    double[] ys = p.ys.clone();
    // closed loops: start near the top-left and go either way
    if (closed) {
      int best = 0;
      for (int i = 1; i < n; i++) {
        if (ys[i] + 0.3 * xs[i] < ys[best] + 0.3 * xs[best]) {
          best = i;
        }
      }
      best = Math.floorMod(best + (int) rng.normal(0.04 * n), n);
      boolean reverse = rng.chance(0.5);
      double[] rx = new double[n];
      double[] ry = new double[n];
      for (int k = 0; k < n; k++) {
        int i = reverse ? Math.floorMod(best - k, n) : (best + k) % n;
        rx[k] = xs[i];
        ry[k] = ys[i];
      }
      // loose closure: overshoot past the start, or stop short of it
      double close = rng.range(-5, 9);
      int extra = (int) Math.round(close);
      if (extra > 0) {
        double[] ex = new double[n + extra];
        double[] ey = new double[n + extra];
        System.arraycopy(rx, 0, ex, 0, n);
        System.arraycopy(ry, 0, ey, 0, n);
        for (int k = 0; k < extra; k++) {
          ex[n + k] = rx[k % n];
          ey[n + k] = ry[k % n];
        }
        rx = ex;
        ry = ey;
      } else if (extra < 0 && n + extra > 4) {
        rx = java.util.Arrays.copyOf(rx, n + extra);
        ry = java.util.Arrays.copyOf(ry, n + extra);
      }
      xs = rx;
      ys = ry;
      n = xs.length;
    } else {
      double dx = xs[n - 1] - xs[0];
      double dy = ys[n - 1] - ys[0];
      boolean backwards = Math.abs(dx) > 3 ? dx < 0 : dy < 0;
      if (backwards && rng.chance(0.8)) {
        for (int i = 0; i < n / 2; i++) {
          double tx = xs[i];
          xs[i] = xs[n - 1 - i];
          xs[n - 1 - i] = tx;
          double ty = ys[i];
          ys[i] = ys[n - 1 - i];
          ys[n - 1 - i] = ty;
        }
      }
    }
    // per-stroke misplacement and mis-sizing (not for the outline)
    double ox = 0;
    double oy = 0;
    double scale = 1;
    if (c.level() != Level.OUTLINE) {
      double sigma = c.level() == Level.MAJOR ? 0.6 + 1.2 * sloppy : 0.8 + 1.8 * sloppy;
      ox = rng.normal(sigma);
      oy = rng.normal(sigma);
      double[] b = c.path().bounds();
      boolean small = Math.hypot(b[2] - b[0], b[3] - b[1]) < 40;
      double mis = rng.normal(0.05 + 0.08 * sloppy);
      if (c.level() == Level.DETAIL && !c.dash() && small) {
        scale = 1 + mis;
      }
    }
    double cx = 0;
    double cy = 0;
    for (int i = 0; i < n; i++) {
      cx += xs[i];
      cy += ys[i];
    }
    cx /= n;
    cy /= n;
    // wobble along the stroke: two low-frequency sines on the normal
    double a1 = rng.range(0.3, 1.0) * (0.6 + sloppy);
    double l1 = rng.range(35, 110);
    double p1 = rng.range(0, 2 * StrictMath.PI);
    double a2 = rng.range(0.15, 0.5) * (0.6 + sloppy);
    double l2 = rng.range(12, 26);
    double p2 = rng.range(0, 2 * StrictMath.PI);
    double[] outX = new double[n];
    double[] outY = new double[n];
    double s = 0;
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        s += Math.hypot(xs[i] - xs[i - 1], ys[i] - ys[i - 1]);
      }
      int ia = Math.max(0, i - 2);
      int ib = Math.min(n - 1, i + 2);
      double tx = xs[ib] - xs[ia];
      double ty = ys[ib] - ys[ia];
      double len = Math.hypot(tx, ty);
      double nx = len == 0 ? 0 : -ty / len;
      double ny = len == 0 ? 0 : tx / len;
      double w = a1 * StrictMath.sin(2 * StrictMath.PI * s / l1 + p1) + a2 * StrictMath.sin(2 * StrictMath.PI * s / l2 + p2);
      double x = cx + (xs[i] - cx) * scale + ox + nx * w;
      double y = cy + (ys[i] - cy) * scale + oy + ny * w;
      double[] q = warp.apply(x, y);
      outX[i] = q[0];
      outY[i] = q[1];
    }
    return new Poly(outX, outY, false);
  }

  /** Samples a dense path in time with a pen-speed model: slow at the ends and in tight turns. */
  private static TimedStroke sample(Poly p, double start, double speed, double frame, Rng rng) {
    int n = p.size();
    double[] cum = new double[n];
    double[] arc = new double[n];
    for (int i = 1; i < n; i++) {
      arc[i] = arc[i - 1] + Math.hypot(p.xs[i] - p.xs[i - 1], p.ys[i] - p.ys[i - 1]);
    }
    double total = arc[n - 1];
    for (int i = 1; i < n; i++) {
      double ds = arc[i] - arc[i - 1];
      double fromEnd = Math.min(arc[i], total - arc[i]);
      double ramp = Math.min(1, 0.3 + 0.7 * fromEnd / 12);
      double turn = turning(p, i);
      double v = speed * ramp / (1 + 2.5 * turn);
      cum[i] = cum[i - 1] + ds / Math.max(0.02, v);
    }
    double duration = Math.max(cum[n - 1], 1);
    List<double[]> pts = new ArrayList<>();
    double t = 0;
    int seg = 1;
    while (t < duration) {
      while (seg < n - 1 && cum[seg] < t) {
        seg++;
      }
      double f = n == 1 || cum[seg] == cum[seg - 1] ? 0 : (t - cum[seg - 1]) / (cum[seg] - cum[seg - 1]);
      f = Math.max(0, Math.min(1, f));
      int i0 = n == 1 ? 0 : seg - 1;
      int i1 = n == 1 ? 0 : seg;
      pts.add(new double[] {p.xs[i0] + f * (p.xs[i1] - p.xs[i0]), p.ys[i0] + f * (p.ys[i1] - p.ys[i0]), start + t});
      t += Math.max(8, frame + rng.range(-3, 3));
    }
    pts.add(new double[] {p.xs[n - 1], p.ys[n - 1], start + Math.max(duration, pts.isEmpty() ? 0 : t - frame + 8)});
    double[] xs = new double[pts.size()];
    double[] ys = new double[pts.size()];
    double[] ts = new double[pts.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = pts.get(i)[0];
      ys[i] = pts.get(i)[1];
      ts[i] = pts.get(i)[2];
    }
    for (int i = 1; i < ts.length; i++) {
      if (ts[i] <= ts[i - 1]) {
        ts[i] = ts[i - 1] + 1;
      }
    }
    return new TimedStroke(xs, ys, ts);
  }

  /** Turning angle (radians) around point i over a +-3 point window. */
  private static double turning(Poly p, int i) {
    int n = p.size();
    int a = Math.max(0, i - 3);
    int b = Math.min(n - 1, i + 3);
    if (b - a < 2) {
      return 0;
    }
    double ux = p.xs[i] - p.xs[a];
    double uy = p.ys[i] - p.ys[a];
    double vx = p.xs[b] - p.xs[i];
    double vy = p.ys[b] - p.ys[i];
    double lu = Math.hypot(ux, uy);
    double lv = Math.hypot(vx, vy);
    if (lu == 0 || lv == 0) {
      return 0;
    }
    double cos = (ux * vx + uy * vy) / (lu * lv);
    return StrictMath.acos(Math.max(-1, Math.min(1, cos)));
  }

  /** Scales and places the drawing on the canvas, adds per-point jitter and rounds to integers. */
  private static Sketch place(List<TimedStroke> timed, Rng rng, double sloppy, String id, String category,
      String photoId, String split) {
    double minX = Double.POSITIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (TimedStroke s : timed) {
      for (int i = 0; i < s.xs().length; i++) {
        minX = Math.min(minX, s.xs()[i]);
        maxX = Math.max(maxX, s.xs()[i]);
        minY = Math.min(minY, s.ys()[i]);
        maxY = Math.max(maxY, s.ys()[i]);
      }
    }
    double size = rng.range(165, 232);
    double scale = size / Math.max(1e-6, Math.max(maxX - minX, maxY - minY));
    double w = (maxX - minX) * scale;
    double h = (maxY - minY) * scale;
    double margin = 6;
    double left = margin + rng.uniform() * Math.max(0, CANVAS - 1 - 2 * margin - w);
    double topY = margin + rng.uniform() * Math.max(0, CANVAS - 1 - 2 * margin - h);
    double jitter = 0.25 + 0.35 * sloppy;
    List<Stroke> strokes = new ArrayList<>();
    for (TimedStroke s : timed) {
      List<float[]> pts = new ArrayList<>();
      for (int i = 0; i < s.xs().length; i++) {
        double x = left + (s.xs()[i] - minX) * scale + rng.normal(jitter);
        double y = topY + (s.ys()[i] - minY) * scale + rng.normal(jitter);
        float ix = (float) Math.max(0, Math.min(CANVAS - 1, Math.round(x)));
        float iy = (float) Math.max(0, Math.min(CANVAS - 1, Math.round(y)));
        float it = (float) Math.round(s.ts()[i]);
        if (!pts.isEmpty()) {
          float[] last = pts.get(pts.size() - 1);
          if (last[0] == ix && last[1] == iy) {
            continue;
          }
          if (it <= last[2]) {
            it = last[2] + 1;
          }
        }
        pts.add(new float[] {ix, iy, it});
      }
      float[] xs = new float[pts.size()];
      float[] ys = new float[pts.size()];
      double[] ts = new double[pts.size()];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = pts.get(i)[0];
        ys[i] = pts.get(i)[1];
        ts[i] = pts.get(i)[2];
      }
      strokes.add(Stroke.of(xs, ys, ts));
    }
    // strokes must not overlap in time after rounding
    List<Stroke> fixed = new ArrayList<>();
    double lastT = -1;
    for (Stroke s : strokes) {
      double[] ts = s.ts();
      double shift = ts[0] <= lastT ? lastT + 1 - ts[0] : 0;
      for (int i = 0; i < ts.length; i++) {
        ts[i] += shift;
      }
      lastT = ts[ts.length - 1];
      fixed.add(Stroke.of(s.xs(), s.ys(), ts));
    }
    return new Sketch(id, category, photoId, split, fixed);
  }
}
