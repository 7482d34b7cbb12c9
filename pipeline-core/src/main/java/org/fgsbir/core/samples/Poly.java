package org.fgsbir.core.samples;

import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.geom.PathIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable polyline (open or closed) of double points: the geometry currency of the generator.
 * Models build outlines from smooth splines through key points; photos fill them, sketches trace them.
 */
final class Poly {
  final double[] xs;
  final double[] ys;
  final boolean closed;

  Poly(double[] xs, double[] ys, boolean closed) {
    if (xs.length != ys.length) {
      throw new IllegalArgumentException("x and y differ in length");
    }
    this.xs = xs;
    this.ys = ys;
    this.closed = closed;
  }

  static Poly of(boolean closed, double... xy) {
    int n = xy.length / 2;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = xy[2 * i];
      y[i] = xy[2 * i + 1];
    }
    return new Poly(x, y, closed);
  }

  static Poly of(List<double[]> points, boolean closed) {
    double[] x = new double[points.size()];
    double[] y = new double[points.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = points.get(i)[0];
      y[i] = points.get(i)[1];
    }
    return new Poly(x, y, closed);
  }

  int size() {
    return xs.length;
  }

  double[] point(int i) {
    return new double[] {xs[i], ys[i]};
  }

  double[] first() {
    return point(0);
  }

  double[] last() {
    return point(xs.length - 1);
  }

  /**
   * A Catmull-Rom spline through the points (uniform, tension 1/2), {@code samples} points per segment.
   * An open spline starts and ends exactly at the first and last point.
   */
  static Poly smooth(boolean closed, int samples, double... xy) {
    Poly p = of(false, xy);
    return p.smoothed(closed, samples);
  }

  Poly smoothed(boolean closedCurve, int samples) {
    int n = xs.length;
    if (n < 3) {
      return new Poly(xs.clone(), ys.clone(), closedCurve);
    }
    List<double[]> out = new ArrayList<>();
    int segments = closedCurve ? n : n - 1;
    for (int s = 0; s < segments; s++) {
      double[] p0 = pointWrapped(s - 1, closedCurve);
      double[] p1 = pointWrapped(s, closedCurve);
      double[] p2 = pointWrapped(s + 1, closedCurve);
      double[] p3 = pointWrapped(s + 2, closedCurve);
      for (int k = 0; k < samples; k++) {
        double t = (double) k / samples;
        out.add(catmullRom(p0, p1, p2, p3, t));
      }
    }
    if (!closedCurve) {
      out.add(last());
    }
    return of(out, closedCurve);
  }

  private double[] pointWrapped(int i, boolean wrap) {
    int n = xs.length;
    if (wrap) {
      int j = ((i % n) + n) % n;
      return point(j);
    }
    if (i < 0) {
      return new double[] {2 * xs[0] - xs[1], 2 * ys[0] - ys[1]};
    }
    if (i >= n) {
      return new double[] {2 * xs[n - 1] - xs[n - 2], 2 * ys[n - 1] - ys[n - 2]};
    }
    return point(i);
  }

  private static double[] catmullRom(double[] p0, double[] p1, double[] p2, double[] p3, double t) {
    double t2 = t * t;
    double t3 = t2 * t;
    double[] r = new double[2];
    for (int d = 0; d < 2; d++) {
      r[d] = 0.5 * (2 * p1[d] + (-p0[d] + p2[d]) * t + (2 * p0[d] - 5 * p1[d] + 4 * p2[d] - p3[d]) * t2
          + (-p0[d] + 3 * p1[d] - 3 * p2[d] + p3[d]) * t3);
    }
    return r;
  }

  /** An ellipse approximated by {@code n} points, starting at angle 0 and going clockwise on screen. */
  static Poly ellipse(double cx, double cy, double rx, double ry, int n) {
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double a = 2 * StrictMath.PI * i / n;
      x[i] = cx + rx * StrictMath.cos(a);
      y[i] = cy + ry * StrictMath.sin(a);
    }
    return new Poly(x, y, true);
  }

  /** An axis-aligned rectangle with rounded corners of radius r. */
  static Poly roundedRect(double x0, double y0, double x1, double y1, double r) {
    r = Math.min(r, Math.min((x1 - x0) / 2, (y1 - y0) / 2));
    List<double[]> pts = new ArrayList<>();
    double[][] centers = {{x1 - r, y0 + r}, {x1 - r, y1 - r}, {x0 + r, y1 - r}, {x0 + r, y0 + r}};
    double[] startAngles = {-0.5 * StrictMath.PI, 0, 0.5 * StrictMath.PI, StrictMath.PI};
    int k = 6;
    for (int c = 0; c < 4; c++) {
      for (int i = 0; i <= k; i++) {
        double a = startAngles[c] + 0.5 * StrictMath.PI * i / k;
        pts.add(new double[] {centers[c][0] + r * StrictMath.cos(a), centers[c][1] + r * StrictMath.sin(a)});
      }
    }
    return of(pts, true);
  }

  Poly reversed() {
    int n = xs.length;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = xs[n - 1 - i];
      y[i] = ys[n - 1 - i];
    }
    return new Poly(x, y, closed);
  }

  /** This polyline followed by the others (as one path). */
  Poly concat(Poly... others) {
    int n = xs.length;
    for (Poly o : others) {
      n += o.size();
    }
    double[] x = Arrays.copyOf(xs, n);
    double[] y = Arrays.copyOf(ys, n);
    int at = xs.length;
    for (Poly o : others) {
      System.arraycopy(o.xs, 0, x, at, o.size());
      System.arraycopy(o.ys, 0, y, at, o.size());
      at += o.size();
    }
    return new Poly(x, y, closed);
  }

  Poly closedCopy(boolean isClosed) {
    return new Poly(xs, ys, isClosed);
  }

  Poly translated(double dx, double dy) {
    double[] x = xs.clone();
    double[] y = ys.clone();
    for (int i = 0; i < x.length; i++) {
      x[i] += dx;
      y[i] += dy;
    }
    return new Poly(x, y, closed);
  }

  Poly transformed(AffineTransform t) {
    double[] src = new double[2 * xs.length];
    for (int i = 0; i < xs.length; i++) {
      src[2 * i] = xs[i];
      src[2 * i + 1] = ys[i];
    }
    double[] dst = new double[src.length];
    t.transform(src, 0, dst, 0, xs.length);
    return of(closed, dst);
  }

  /** Each point moved by {@code d} along the left-hand normal of the curve (down for a left-to-right line). */
  Poly offset(double d) {
    int n = xs.length;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      int a = i == 0 ? (closed ? n - 1 : 0) : i - 1;
      int b = i == n - 1 ? (closed ? 0 : n - 1) : i + 1;
      double tx = xs[b] - xs[a];
      double ty = ys[b] - ys[a];
      double len = Math.hypot(tx, ty);
      if (len == 0) {
        x[i] = xs[i];
        y[i] = ys[i];
        continue;
      }
      x[i] = xs[i] - ty / len * d;
      y[i] = ys[i] + tx / len * d;
    }
    return new Poly(x, y, closed);
  }

  double length() {
    double len = 0;
    int n = xs.length;
    for (int i = 1; i < n; i++) {
      len += Math.hypot(xs[i] - xs[i - 1], ys[i] - ys[i - 1]);
    }
    if (closed && n > 1) {
      len += Math.hypot(xs[0] - xs[n - 1], ys[0] - ys[n - 1]);
    }
    return len;
  }

  /** The point at arc-length fraction {@code f} in [0, 1]. */
  double[] at(double f) {
    Poly open = closed ? openedAtStart() : this;
    double target = Math.max(0, Math.min(1, f)) * open.length();
    for (int i = 1; i < open.size(); i++) {
      double seg = Math.hypot(open.xs[i] - open.xs[i - 1], open.ys[i] - open.ys[i - 1]);
      if (target <= seg || i == open.size() - 1) {
        double t = seg == 0 ? 0 : Math.min(1, target / seg);
        return new double[] {open.xs[i - 1] + t * (open.xs[i] - open.xs[i - 1]),
            open.ys[i - 1] + t * (open.ys[i] - open.ys[i - 1])};
      }
      target -= seg;
    }
    return first();
  }

  /** The unit tangent at arc-length fraction f. */
  double[] tangentAt(double f) {
    double[] a = at(Math.max(0, f - 0.01));
    double[] b = at(Math.min(1, f + 0.01));
    double len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    return len == 0 ? new double[] {1, 0} : new double[] {(b[0] - a[0]) / len, (b[1] - a[1]) / len};
  }

  /** The part between arc-length fractions f0 < f1, sampled as the original vertices in between. */
  Poly between(double f0, double f1) {
    Poly open = closed ? openedAtStart() : this;
    double total = open.length();
    double s0 = f0 * total;
    double s1 = f1 * total;
    List<double[]> pts = new ArrayList<>();
    pts.add(open.at(f0));
    double s = 0;
    for (int i = 1; i < open.size(); i++) {
      s += Math.hypot(open.xs[i] - open.xs[i - 1], open.ys[i] - open.ys[i - 1]);
      if (s > s0 && s < s1) {
        pts.add(open.point(i));
      }
    }
    pts.add(open.at(f1));
    return of(pts, false);
  }

  /** A closed curve as an open polyline that returns to its first point. */
  Poly openedAtStart() {
    if (!closed) {
      return this;
    }
    double[] x = Arrays.copyOf(xs, xs.length + 1);
    double[] y = Arrays.copyOf(ys, ys.length + 1);
    x[xs.length] = xs[0];
    y[ys.length] = ys[0];
    return new Poly(x, y, false);
  }

  /** Resampled at (about) equal arc-length spacing; closed curves stay closed. */
  Poly resampled(double spacing) {
    Poly open = closed ? openedAtStart() : this;
    double total = open.length();
    int n = Math.max(1, (int) StrictMath.ceil(total / spacing));
    List<double[]> pts = new ArrayList<>();
    int seg = 1;
    double segStart = 0;
    double segLen = open.size() > 1 ? Math.hypot(open.xs[1] - open.xs[0], open.ys[1] - open.ys[0]) : 0;
    int count = closed ? n : n + 1;
    for (int k = 0; k < count; k++) {
      double s = total * k / n;
      while (seg < open.size() - 1 && s > segStart + segLen) {
        segStart += segLen;
        seg++;
        segLen = Math.hypot(open.xs[seg] - open.xs[seg - 1], open.ys[seg] - open.ys[seg - 1]);
      }
      if (open.size() == 1) {
        pts.add(open.first());
        break;
      }
      double t = segLen == 0 ? 0 : Math.max(0, Math.min(1, (s - segStart) / segLen));
      pts.add(new double[] {open.xs[seg - 1] + t * (open.xs[seg] - open.xs[seg - 1]),
          open.ys[seg - 1] + t * (open.ys[seg] - open.ys[seg - 1])});
    }
    return of(pts, closed);
  }

  double[] bounds() {
    double minX = Double.POSITIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < xs.length; i++) {
      minX = Math.min(minX, xs[i]);
      maxX = Math.max(maxX, xs[i]);
      minY = Math.min(minY, ys[i]);
      maxY = Math.max(maxY, ys[i]);
    }
    return new double[] {minX, minY, maxX, maxY};
  }

  /** Signed area (shoelace); positive for clockwise on screen (y down). */
  double signedArea() {
    double a = 0;
    int n = xs.length;
    for (int i = 0; i < n; i++) {
      int j = (i + 1) % n;
      a += xs[i] * ys[j] - xs[j] * ys[i];
    }
    return a / 2;
  }

  Path2D.Double toPath() {
    Path2D.Double p = new Path2D.Double(Path2D.WIND_NON_ZERO, xs.length + 1);
    p.moveTo(xs[0], ys[0]);
    for (int i = 1; i < xs.length; i++) {
      p.lineTo(xs[i], ys[i]);
    }
    if (closed) {
      p.closePath();
    }
    return p;
  }

  /** The sub-paths of a shape as polylines (curves flattened). */
  static List<Poly> fromShape(Shape shape, double flatness) {
    List<Poly> out = new ArrayList<>();
    PathIterator it = shape.getPathIterator(null, flatness);
    double[] c = new double[6];
    List<double[]> cur = new ArrayList<>();
    while (!it.isDone()) {
      int type = it.currentSegment(c);
      switch (type) {
        case PathIterator.SEG_MOVETO -> {
          if (cur.size() > 1) {
            out.add(of(cur, false));
          }
          cur = new ArrayList<>();
          cur.add(new double[] {c[0], c[1]});
        }
        case PathIterator.SEG_LINETO -> {
          double[] prev = cur.isEmpty() ? null : cur.get(cur.size() - 1);
          if (prev == null || prev[0] != c[0] || prev[1] != c[1]) {
            cur.add(new double[] {c[0], c[1]});
          }
        }
        case PathIterator.SEG_CLOSE -> {
          if (cur.size() > 1) {
            double[] a = cur.get(0);
            double[] b = cur.get(cur.size() - 1);
            if (a[0] == b[0] && a[1] == b[1]) {
              cur.remove(cur.size() - 1);
            }
            if (cur.size() > 2) {
              out.add(of(cur, true));
            }
          }
          cur = new ArrayList<>();
        }
        default -> throw new IllegalStateException("unexpected segment " + type);
      }
      it.next();
    }
    if (cur.size() > 1) {
      out.add(of(cur, false));
    }
    return out;
  }
}
