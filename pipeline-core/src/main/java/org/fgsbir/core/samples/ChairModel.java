package org.fgsbir.core.samples;

import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.fgsbir.core.samples.Figure.Level;

/**
 * A parametric chair seen in a three-quarter view (orthographic projection with a small yaw and pitch).
 * Like {@link ShoeModel}, a {@link Design} is "family + small variation": near-identical chairs differ in
 * back height and shape, slat count and orientation, leg shape, splay and stretchers, armrests, seat
 * thickness and cushion, ornaments, colours and wood or fabric.
 */
final class ChairModel {
  private ChairModel() {}

  enum BackType { LADDER, SPINDLE, SPLAT, PANEL, UPHOLSTERED, SLATS }

  enum TopShape { STRAIGHT, ARCHED, SERPENTINE, ROUNDED, NOTCHED }

  enum LegType { SQUARE, TAPERED, TURNED, CABRIOLE, SPLAYED, METAL }

  enum Stretchers { NONE, FRONT, SIDES, BOX, H }

  enum SeatShape { RECT, ROUNDED, TRAPEZOID, ROUND_FRONT }

  enum Cushion { NONE, PAD, BOX }

  enum Finial { NONE, BALL, POINT }

  enum Medallion { NONE, CIRCLE, DIAMOND, SLOT }

  enum Wood { LIGHT, OAK, WALNUT, MAHOGANY, BLACK, WHITE, CHERRY, METAL }

  /** All parameters of one chair, in centimetre-like model units. */
  record Design(double yaw, double pitch, double seatHeight, double seatWidth, double seatDepth,
      double seatThickness, SeatShape seatShape, Cushion cushion, boolean piping, double backHeight,
      double backTilt, BackType back, TopShape top, double railHeight, int slats, double slatWidth,
      boolean lowerRail, double postWidth, Finial finial, Medallion medallion, boolean buttons, LegType legs,
      double legWidth, double splay, Stretchers stretchers, double stretcherHeight, boolean apron,
      boolean scallopedApron, boolean arms, boolean paddedArms, Wood wood, Color woodColour,
      Color fabric, boolean fabricTexture) {}

  static final Color[] FABRICS = {new Color(168, 44, 50), new Color(54, 104, 74), new Color(48, 74, 128),
      new Color(140, 140, 146), new Color(206, 192, 164), new Color(214, 168, 56), new Color(36, 118, 124),
      new Color(96, 62, 110), new Color(60, 60, 64), new Color(188, 110, 80)};

  static Color woodColour(Wood w) {
    return switch (w) {
      case LIGHT -> new Color(214, 180, 130);
      case OAK -> new Color(182, 138, 84);
      case WALNUT -> new Color(110, 72, 46);
      case MAHOGANY -> new Color(128, 52, 36);
      case BLACK -> new Color(44, 42, 42);
      case WHITE -> new Color(236, 234, 228);
      case CHERRY -> new Color(160, 86, 54);
      case METAL -> new Color(70, 72, 76);
    };
  }

  static Design design(Variation v) {
    BackType back = BackType.values()[v.familyIndex(0.18, 0.17, 0.14, 0.16, 0.18, 0.17)];
    double yaw = v.real(24, 38, 0.04);
    double pitch = v.real(12, 20, 0.05);
    double seatHeight = v.real(42, 48, 0.1);
    double seatWidth = v.real(40, 52, 0.06);
    double seatDepth = v.real(38, 48, 0.06);
    double backHeight;
    double tilt = v.real(4, 14, 0.1);
    TopShape top;
    double railHeight = v.real(5, 10, 0.1);
    int slats;
    double slatWidth;
    LegType legs;
    double legWidth;
    double splay;
    Stretchers stretchers;
    SeatShape seatShape;
    Cushion cushion;
    double seatThickness;
    Wood wood;
    switch (back) {
      case LADDER -> {
        backHeight = v.real(44, 60, 0.06);
        top = v.choice(0.3, TopShape.STRAIGHT, TopShape.ARCHED, TopShape.NOTCHED);
        slats = v.integer(2, 5, 0.4);
        slatWidth = v.real(4, 8, 0.1);
        legs = v.choice(0.25, LegType.TURNED, LegType.SQUARE, LegType.TAPERED);
        legWidth = v.real(3, 4.5, 0.1);
        splay = v.real(0, 2, 0.2);
        stretchers = v.choice(0.3, Stretchers.BOX, Stretchers.SIDES, Stretchers.H);
        seatShape = v.choice(0.25, SeatShape.RECT, SeatShape.TRAPEZOID);
        cushion = v.choice(0.3, Cushion.NONE, Cushion.PAD);
        seatThickness = v.real(3, 5, 0.1);
        wood = v.choice(0.25, Wood.OAK, Wood.LIGHT, Wood.WALNUT, Wood.BLACK, Wood.CHERRY);
      }
      case SPINDLE -> {
        backHeight = v.real(42, 58, 0.06);
        top = v.choice(0.3, TopShape.ARCHED, TopShape.ROUNDED, TopShape.STRAIGHT);
        slats = v.integer(4, 9, 0.4);
        slatWidth = v.real(1.6, 2.6, 0.1);
        legs = v.choice(0.25, LegType.TURNED, LegType.SPLAYED, LegType.TAPERED);
        legWidth = v.real(2.8, 4, 0.1);
        splay = v.real(2, 6, 0.15);
        stretchers = v.choice(0.3, Stretchers.H, Stretchers.BOX, Stretchers.NONE);
        seatShape = v.choice(0.25, SeatShape.ROUND_FRONT, SeatShape.ROUNDED);
        cushion = v.choice(0.2, Cushion.NONE, Cushion.NONE, Cushion.PAD);
        seatThickness = v.real(4, 6.5, 0.1);
        wood = v.choice(0.25, Wood.OAK, Wood.LIGHT, Wood.WALNUT, Wood.WHITE, Wood.BLACK);
      }
      case SPLAT -> {
        backHeight = v.real(46, 60, 0.06);
        top = v.choice(0.3, TopShape.SERPENTINE, TopShape.ARCHED, TopShape.ROUNDED);
        slats = 1;
        slatWidth = v.real(10, 16, 0.1);
        legs = v.choice(0.25, LegType.CABRIOLE, LegType.CABRIOLE, LegType.TURNED, LegType.SQUARE);
        legWidth = v.real(3.2, 4.5, 0.1);
        splay = v.real(0, 1.5, 0.2);
        stretchers = v.choice(0.3, Stretchers.NONE, Stretchers.NONE, Stretchers.H);
        seatShape = v.choice(0.25, SeatShape.TRAPEZOID, SeatShape.ROUND_FRONT);
        cushion = v.choice(0.25, Cushion.BOX, Cushion.BOX, Cushion.PAD);
        seatThickness = v.real(3.5, 5, 0.1);
        wood = v.choice(0.25, Wood.MAHOGANY, Wood.WALNUT, Wood.CHERRY, Wood.BLACK);
      }
      case PANEL -> {
        backHeight = v.real(30, 44, 0.06);
        top = v.choice(0.3, TopShape.ROUNDED, TopShape.STRAIGHT, TopShape.ARCHED);
        slats = 1;
        slatWidth = 0;
        legs = v.choice(0.25, LegType.SPLAYED, LegType.METAL, LegType.TAPERED);
        legWidth = v.real(2.2, 3.6, 0.1);
        splay = v.real(3, 7, 0.15);
        stretchers = v.choice(0.3, Stretchers.NONE, Stretchers.NONE, Stretchers.SIDES);
        seatShape = v.choice(0.25, SeatShape.ROUNDED, SeatShape.ROUND_FRONT);
        cushion = v.choice(0.3, Cushion.NONE, Cushion.PAD);
        seatThickness = v.real(1.8, 3, 0.1);
        wood = v.choice(0.25, Wood.WHITE, Wood.BLACK, Wood.LIGHT, Wood.WALNUT, Wood.OAK);
      }
      case UPHOLSTERED -> {
        backHeight = v.real(44, 64, 0.06);
        top = v.choice(0.3, TopShape.ROUNDED, TopShape.ARCHED, TopShape.STRAIGHT);
        slats = 0;
        slatWidth = 0;
        legs = v.choice(0.25, LegType.TAPERED, LegType.SQUARE, LegType.CABRIOLE, LegType.TURNED);
        legWidth = v.real(3.2, 4.6, 0.1);
        splay = v.real(0, 2, 0.2);
        stretchers = v.choice(0.3, Stretchers.NONE, Stretchers.H, Stretchers.SIDES);
        seatShape = v.choice(0.25, SeatShape.RECT, SeatShape.ROUNDED);
        cushion = Cushion.BOX;
        seatThickness = v.real(3, 5, 0.1);
        wood = v.choice(0.25, Wood.WALNUT, Wood.BLACK, Wood.OAK, Wood.WHITE, Wood.MAHOGANY);
      }
      default -> {
        backHeight = v.real(40, 56, 0.06);
        top = v.choice(0.3, TopShape.STRAIGHT, TopShape.ARCHED, TopShape.ROUNDED);
        slats = v.integer(2, 5, 0.4);
        slatWidth = v.real(4, 8, 0.1);
        legs = v.choice(0.25, LegType.SQUARE, LegType.TAPERED, LegType.METAL);
        legWidth = v.real(3, 4.5, 0.1);
        splay = v.real(0, 2.5, 0.2);
        stretchers = v.choice(0.3, Stretchers.FRONT, Stretchers.BOX, Stretchers.NONE);
        seatShape = v.choice(0.25, SeatShape.RECT, SeatShape.TRAPEZOID, SeatShape.ROUNDED);
        cushion = v.choice(0.3, Cushion.NONE, Cushion.PAD);
        seatThickness = v.real(3, 5, 0.1);
        wood = v.choice(0.25, Wood.WHITE, Wood.OAK, Wood.BLACK, Wood.LIGHT, Wood.WALNUT);
      }
    }
    boolean lowerRail = v.flag(back == BackType.SPINDLE || back == BackType.SLATS || back == BackType.SPLAT
        ? 0.6 : 0.15, 0.25);
    double postWidth = v.real(2.4, 4.2, 0.1);
    Finial finial = v.choice(0.3, Finial.NONE, Finial.NONE, Finial.BALL, Finial.POINT);
    Medallion medallion = v.choice(0.3, Medallion.NONE, Medallion.NONE, Medallion.CIRCLE, Medallion.DIAMOND,
        Medallion.SLOT);
    boolean buttons = v.flag(0.5, 0.3);
    boolean piping = v.flag(0.45, 0.3);
    double stretcherHeight = v.real(10, 20, 0.1);
    boolean apron = v.flag(back == BackType.SPLAT || back == BackType.UPHOLSTERED ? 0.6 : 0.3, 0.25);
    boolean scalloped = v.flag(0.4, 0.3);
    boolean arms = v.flag(0.22, 0.12);
    boolean padded = v.flag(0.4, 0.3);
    Color woodColour = v.colour(0.0, 0.07, woodColour(wood));
    Color fabric = v.colour(0.35, 0.07, FABRICS);
    boolean fabricTexture = v.flag(0.6, 0.2);
    return new Design(yaw, pitch, seatHeight, seatWidth, seatDepth, seatThickness, seatShape, cushion, piping,
        backHeight, tilt, back, top, railHeight, slats, slatWidth, lowerRail, postWidth, finial, medallion,
        buttons, legs, legWidth, splay, stretchers, stretcherHeight, apron, scalloped, arms, padded, wood,
        woodColour, fabric, fabricTexture);
  }

  static Figure build(Design d, Rng rng) {
    return new Builder(d, rng).build();
  }

  /** Orthographic view: yaw about the vertical axis, then pitch (looking down). */
  static final class View {
    final double cy;
    final double sy;
    final double cp;
    final double sp;
    static final double SCALE = 3;

    View(double yawDeg, double pitchDeg) {
      cy = StrictMath.cos(StrictMath.toRadians(yawDeg));
      sy = StrictMath.sin(StrictMath.toRadians(yawDeg));
      cp = StrictMath.cos(StrictMath.toRadians(pitchDeg));
      sp = StrictMath.sin(StrictMath.toRadians(pitchDeg));
    }

    /** Screen point (x right, y down) of model point (x right, y up, z towards the viewer). */
    double[] project(double x, double y, double z) {
      double u = x * cy + z * sy;
      double dd = -x * sy + z * cy;
      double v = y * cp - dd * sp;
      return new double[] {SCALE * u, -SCALE * v};
    }

    double[] project(double[] p) {
      return project(p[0], p[1], p[2]);
    }

    /** Distance towards the viewer (larger is nearer). */
    double depth(double x, double y, double z) {
      double dd = -x * sy + z * cy;
      return dd * cp + y * sp;
    }

    /** The affine map from plane coordinates (a, b) to the screen for the plane o + a*ea + b*eb. */
    AffineTransform plane(double[] o, double[] ea, double[] eb) {
      double[] p0 = project(o);
      double[] pa = project(o[0] + ea[0], o[1] + ea[1], o[2] + ea[2]);
      double[] pb = project(o[0] + eb[0], o[1] + eb[1], o[2] + eb[2]);
      return new AffineTransform(pa[0] - p0[0], pa[1] - p0[1], pb[0] - p0[0], pb[1] - p0[1], p0[0], p0[1]);
    }

    /** Screen offset of a model vector. */
    double[] vector(double x, double y, double z) {
      double[] a = project(0, 0, 0);
      double[] b = project(x, y, z);
      return new double[] {b[0] - a[0], b[1] - a[1]};
    }
  }

  private static final class Builder {
    final Design d;
    final Rng rng;
    final View view;
    final Figure fig = new Figure();
    final Color wood;
    final Color woodEdge;
    final boolean metalLegs;

    Builder(Design d, Rng rng) {
      this.d = d;
      this.rng = rng;
      this.view = new View(d.yaw(), d.pitch());
      this.wood = d.woodColour();
      this.woodEdge = PhotoRenderer.darker(wood, 0.5);
      this.metalLegs = d.legs() == LegType.METAL || d.wood() == Wood.METAL;
    }

    Look woodLook(double grainAngle) {
      Look l = Look.linear(wood, 1.1, 0.9);
      if (d.wood() == Wood.WHITE || d.wood() == Wood.BLACK) {
        return l;
      }
      return l.textured(Look.Texture.WOOD, grainAngle, rng.nextLong());
    }

    Look fabricLook(Color c, double angle) {
      Look l = Look.linear(c, angle, 0.9);
      return d.fabricTexture() ? l.textured(Look.Texture.FABRIC, 0, rng.nextLong()) : l;
    }

    /** A limb: a tube along a 3D centre line with a radius profile; returns its screen outline. */
    Poly limb(List<double[]> centre3d, double[] radii, boolean roundEnds) {
      int n = centre3d.size();
      List<double[]> c = new ArrayList<>();
      for (double[] p : centre3d) {
        c.add(view.project(p));
      }
      List<double[]> left = new ArrayList<>();
      List<double[]> right = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        double[] a = c.get(Math.max(0, i - 1));
        double[] b = c.get(Math.min(n - 1, i + 1));
        double tx = b[0] - a[0];
        double ty = b[1] - a[1];
        double len = Math.hypot(tx, ty);
        double nx = len == 0 ? 1 : -ty / len;
        double ny = len == 0 ? 0 : tx / len;
        double r = radii[i] * View.SCALE;
        left.add(new double[] {c.get(i)[0] + nx * r, c.get(i)[1] + ny * r});
        right.add(new double[] {c.get(i)[0] - nx * r, c.get(i)[1] - ny * r});
      }
      List<double[]> pts = new ArrayList<>(left);
      if (roundEnds) {
        double[] e = c.get(n - 1);
        double[] l = left.get(n - 1);
        double[] dir = unit(c.get(n - 1), c.get(Math.max(0, n - 2)));
        double r = radii[n - 1] * View.SCALE;
        for (int k = 1; k < 6; k++) {
          double a = StrictMath.PI * k / 6;
          double ox = (l[0] - e[0]) * StrictMath.cos(a) + dir[0] * r * StrictMath.sin(a);
          double oy = (l[1] - e[1]) * StrictMath.cos(a) + dir[1] * r * StrictMath.sin(a);
          pts.add(new double[] {e[0] + ox, e[1] + oy});
        }
      }
      for (int i = n - 1; i >= 0; i--) {
        pts.add(right.get(i));
      }
      return Poly.of(pts, true);
    }

    static double[] unit(double[] to, double[] from) {
      double dx = to[0] - from[0];
      double dy = to[1] - from[1];
      double len = Math.hypot(dx, dy);
      return len == 0 ? new double[] {0, 1} : new double[] {dx / len, dy / len};
    }

    /** A straight limb with a constant or tapered radius. */
    Poly straightLimb(double[] a, double[] b, double r0, double r1) {
      List<double[]> pts = new ArrayList<>();
      int n = 8;
      double[] radii = new double[n + 1];
      for (int i = 0; i <= n; i++) {
        double t = (double) i / n;
        pts.add(new double[] {a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t});
        radii[i] = r0 + (r1 - r0) * t;
      }
      return limb(pts, radii, false);
    }

    Look limbLook(double[] a3, double[] b3, double r, boolean square, Color c) {
      double[] a = view.project(a3);
      double[] b = view.project(b3);
      if (metalLegs && c == wood) {
        return Look.cylinder(c, a, b, r * View.SCALE, 1.3);
      }
      Look l = square ? Look.prism(c, a, b, r * View.SCALE, 1.0) : Look.cylinder(c, a, b, r * View.SCALE, 1.0);
      if (d.wood() != Wood.WHITE && d.wood() != Wood.BLACK && !metalLegs && c == wood) {
        l = l.textured(Look.Texture.WOOD, StrictMath.atan2(b[1] - a[1], b[0] - a[0]), rng.nextLong());
      }
      return l;
    }

    record Item(double depth, Runnable paint) {}

    Figure build() {
      double w = d.seatWidth();
      double dep = d.seatDepth();
      double hs = d.seatHeight();
      double t = d.seatThickness();
      double inset = d.legWidth() * 0.9;

      // --- legs, stretchers, aprons: sorted back to front ---
      List<Item> under = new ArrayList<>();
      double[][] corners = {{-w / 2 + inset, dep / 2 - inset}, {w / 2 - inset, dep / 2 - inset},
          {-w / 2 + inset, -dep / 2 + inset}, {w / 2 - inset, -dep / 2 + inset}};
      double[][] tops = new double[4][];
      double[][] feet = new double[4][];
      for (int i = 0; i < 4; i++) {
        double cx = corners[i][0];
        double cz = corners[i][1];
        double len = Math.hypot(cx, cz);
        double splay = d.splay();
        tops[i] = new double[] {cx, hs - t + 0.8, cz}; // reaches into the seat, which hides its top
        feet[i] = new double[] {cx + splay * cx / len, 0, cz + splay * cz / len};
      }
      for (int i = 0; i < 4; i++) {
        final int k = i;
        double[] m = mid(tops[i], feet[i]);
        under.add(new Item(view.depth(m[0], m[1], m[2]), () -> addLeg(tops[k], feet[k], k)));
      }
      addStretchers(under, tops, feet);
      if (d.apron()) {
        addAprons(under, w, dep, hs, t, inset);
      }
      under.sort(Comparator.comparingDouble(Item::depth));
      for (Item it : under) {
        it.paint().run();
      }

      // --- back ---
      addBack(w, dep, hs, inset);

      // --- seat ---
      addSeat(w, dep, hs, t);

      // --- arms ---
      if (d.arms()) {
        addArms(w, dep, hs, inset);
      }
      fig.drawOrder("seat", "pad", "back", "top-rail", "panel", "post", "leg", "arm");
      fig.fitTo(128, 128, 200, 212);
      return fig;
    }

    static double[] mid(double[] a, double[] b) {
      return new double[] {(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2};
    }

    static double[] lerp(double[] a, double[] b, double f) {
      return new double[] {a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f};
    }

    void addLeg(double[] top, double[] foot, int index) {
      double r = d.legWidth() / 2;
      Poly shape;
      boolean square = d.legs() == LegType.SQUARE || d.legs() == LegType.TAPERED;
      Color c = metalLegs ? woodColour(Wood.METAL) : wood;
      switch (d.legs()) {
        case TAPERED -> shape = straightLimb(top, foot, r, r * 0.6);
        case SPLAYED -> shape = straightLimb(top, foot, r * 1.05, r * 0.5);
        case METAL -> shape = straightLimb(top, foot, Math.min(r, 0.9) * 0.9, Math.min(r, 0.9) * 0.8);
        case TURNED -> {
          List<double[]> pts = new ArrayList<>();
          int n = 32;
          double[] radii = new double[n + 1];
          for (int i = 0; i <= n; i++) {
            double f = (double) i / n;
            pts.add(lerp(top, foot, f));
            double rr = r * 0.78;
            rr += r * 0.35 * bump(f, 0.2, 0.035) + r * 0.3 * bump(f, 0.5, 0.09) + r * 0.25 * bump(f, 0.82, 0.03);
            rr -= r * 0.25 * bump(f, 0.3, 0.04) + r * 0.2 * bump(f, 0.68, 0.05);
            radii[i] = f < 0.12 ? r : rr;
          }
          shape = limb(pts, radii, false);
        }
        case CABRIOLE -> {
          List<double[]> pts = new ArrayList<>();
          int n = 30;
          double[] radii = new double[n + 1];
          double cx = top[0];
          double cz = top[2];
          double len = Math.hypot(cx, cz);
          double ox = cx / len;
          double oz = cz / len;
          for (int i = 0; i <= n; i++) {
            double f = (double) i / n;
            double[] p = lerp(top, foot, f);
            // knee bulges out, ankle tucks in, foot kicks out
            double out = 3.2 * StrictMath.sin(StrictMath.PI * Math.min(1, f / 0.45)) * (f < 0.45 ? 1 : 0)
                - 1.6 * bump(f, 0.78, 0.12) + 1.5 * bump(f, 0.98, 0.05);
            pts.add(new double[] {p[0] + ox * out, p[1], p[2] + oz * out});
            radii[i] = r * (1.05 - 0.45 * Math.min(1, f / 0.8)) + r * 0.5 * bump(f, 0.97, 0.04);
          }
          shape = limb(pts, radii, true);
        }
        default -> shape = straightLimb(top, foot, r, r);
      }
      int li = fig.fill("leg", shape.toPath(), limbLook(top, foot, r, square, c), PhotoRenderer.darker(c, 0.5), 0.7);
      // a person draws the leg's outline; the top end, hidden under the seat, is removed as occluded
      fig.trace("leg", "leg", Level.MAJOR, shape, li);
    }

    static double bump(double f, double at, double width) {
      double z = (f - at) / width;
      return StrictMath.exp(-z * z);
    }

    void addStretchers(List<Item> under, double[][] tops, double[][] feet) {
      double h = d.stretcherHeight();
      double[][] at = new double[4][];
      for (int i = 0; i < 4; i++) {
        at[i] = lerp(tops[i], feet[i], (d.seatHeight() - d.seatThickness() - h) / (d.seatHeight() - d.seatThickness()));
      }
      List<int[]> pairs = new ArrayList<>();
      switch (d.stretchers()) {
        case FRONT -> pairs.add(new int[] {0, 1});
        case SIDES -> {
          pairs.add(new int[] {0, 2});
          pairs.add(new int[] {1, 3});
        }
        case BOX -> {
          pairs.add(new int[] {0, 1});
          pairs.add(new int[] {2, 3});
          pairs.add(new int[] {0, 2});
          pairs.add(new int[] {1, 3});
        }
        case H -> {
          pairs.add(new int[] {0, 2});
          pairs.add(new int[] {1, 3});
        }
        default -> {
        }
      }
      double r = Math.max(0.8, d.legWidth() * 0.28);
      for (int[] p : pairs) {
        double[] a = at[p[0]];
        double[] b = at[p[1]];
        double[] m = mid(a, b);
        under.add(new Item(view.depth(m[0], m[1], m[2]) - 0.01, () -> addRung(a, b, r)));
      }
      if (d.stretchers() == Stretchers.H) {
        double[] a = mid(at[0], at[2]);
        double[] b = mid(at[1], at[3]);
        double[] m = mid(a, b);
        under.add(new Item(view.depth(m[0], m[1], m[2]), () -> addRung(a, b, r)));
      }
    }

    void addRung(double[] a, double[] b, double r) {
      Color c = metalLegs ? woodColour(Wood.METAL) : wood;
      Poly shape = straightLimb(a, b, r, r);
      int i = fig.fill("stretcher", shape.toPath(), limbLook(a, b, r, false, c), PhotoRenderer.darker(c, 0.5), 0.6);
      fig.trace("stretcher", "stretcher", Level.DETAIL, shape, i);
    }

    void addAprons(List<Item> under, double w, double dep, double hs, double t, double inset) {
      double h = 6;
      double y0 = hs - t;
      // front apron in the plane z = dep/2 - inset, side apron in the plane x = -w/2 + inset (visible side)
      AffineTransform front = view.plane(new double[] {0, y0, dep / 2 - inset}, new double[] {1, 0, 0},
          new double[] {0, -1, 0});
      AffineTransform side = view.plane(new double[] {-w / 2 + inset, y0, 0}, new double[] {0, 0, 1},
          new double[] {0, -1, 0});
      double fw = w / 2 - inset;
      double sw = dep / 2 - inset;
      double depthFront = view.depth(0, y0, dep / 2 - inset);
      double depthSide = view.depth(-w / 2 + inset, y0, 0);
      under.add(new Item(depthFront, () -> addApron(front, fw, h)));
      under.add(new Item(depthSide, () -> addApron(side, sw, h)));
    }

    void addApron(AffineTransform plane, double half, double h) {
      List<double[]> pts = new ArrayList<>();
      pts.add(new double[] {-half, 0});
      pts.add(new double[] {half, 0});
      int n = 24;
      for (int i = 0; i <= n; i++) {
        double a = half - 2 * half * i / n;
        double depth = h;
        if (d.scallopedApron()) {
          double f = (double) i / n;
          depth = h - 2.6 * Math.abs(StrictMath.sin(StrictMath.PI * f * 3)) * (f > 0.05 && f < 0.95 ? 1 : 0);
        }
        pts.add(new double[] {a, depth});
      }
      Poly shape = Poly.of(pts, true).transformed(plane);
      int i = fig.fill("apron", shape.toPath(), woodLook(0), woodEdge, 0.7);
      fig.trace("apron", "apron", Level.DETAIL, shape, i);
    }

    /** Back plane point: across a, up b from the seat's rear edge, leaning back. */
    double[] backPoint(double a, double b, double rearZ, double hs) {
      double tilt = StrictMath.toRadians(d.backTilt());
      return new double[] {a, hs + b * StrictMath.cos(tilt), rearZ - b * StrictMath.sin(tilt)};
    }

    double topEdge(double a, double half) {
      double f = Math.max(-1, Math.min(1, a / half));
      double hb = d.backHeight();
      return switch (d.top()) {
        case ARCHED -> hb + 4.5 * (1 - f * f);
        case SERPENTINE -> hb + 3.5 * StrictMath.cos(StrictMath.PI * f) * 0.6 + 2.6 * f * f * f * f;
        case ROUNDED -> hb - 5 * (1 - StrictMath.sqrt(Math.max(0, 1 - Math.pow(Math.max(0, Math.abs(f) - 0.7) / 0.3, 2))));
        case NOTCHED -> hb - (Math.abs(f) > 0.25 && Math.abs(f) < 0.4 ? 1.6 : 0);
        default -> hb;
      };
    }

    void addBack(double w, double dep, double hs, double inset) {
      double tiltRad = StrictMath.toRadians(d.backTilt());
      double rearZ = -dep / 2 + inset;
      double half = w / 2 - inset;
      double[] o = backPoint(0, 0, rearZ, hs);
      AffineTransform plane = view.plane(o, new double[] {1, 0, 0},
          new double[] {0, StrictMath.cos(tiltRad), -StrictMath.sin(tiltRad)});
      double bt = d.back() == BackType.UPHOLSTERED ? 7 : d.back() == BackType.PANEL ? 1.8 : 2.2;
      double[] thick = view.vector(0, -StrictMath.sin(tiltRad) * bt, -StrictMath.cos(tiltRad) * bt);
      double pr = d.postWidth() / 2;
      double hb = d.backHeight();
      Color backColour = d.back() == BackType.UPHOLSTERED ? d.fabric() : wood;

      if (d.back() == BackType.UPHOLSTERED) {
        Poly panel = backOutline(half + pr, -1.5, hb).transformed(plane); // starts inside the seat
        extruded("back-cushion", panel, thick, fabricLook(d.fabric(), 1.2), Level.OUTLINE);
        int pi = fig.lastIndex();
        fig.trace("back", "back", Level.MAJOR, panel, pi);
        if (d.piping()) {
          Poly pipe = backOutline(half + pr - 2, 3.5, hb - 2).transformed(plane);
          int i = fig.line("piping", pipe.toPath(), PhotoRenderer.darker(d.fabric(), 0.35), 1.0, null);
          fig.trace("piping", "piping", Level.DETAIL, pipe, i);
        }
        if (d.buttons()) {
          for (int row = 0; row < 2; row++) {
            for (int col = -1; col <= 1; col++) {
              double a = col * half * 0.5 + (row == 1 ? half * 0.25 * (col == 1 ? -1 : 1) : 0);
              if (row == 1 && col == 0) {
                continue;
              }
              double b = hb * (0.5 + 0.2 * row);
              Poly btn = Poly.ellipse(a, b, 1.0, 1.0, 10).transformed(plane);
              int i = fig.overlay("button", btn.toPath(), Look.flat(PhotoRenderer.darker(d.fabric(), 0.4)), null, 0);
              fig.trace("button", "~buttons", Level.DETAIL, btn, i);
            }
          }
        }
        return;
      }

      // rails and slats first, posts on top
      double railTop = hb;
      double railBottom = hb - d.railHeight();
      double lowerTop = d.lowerRail() ? 7 : 0;
      switch (d.back()) {
        case LADDER -> {
          for (int k = 0; k < d.slats(); k++) {
            double span = railBottom - 6 - 8;
            double b = 8 + span * k / Math.max(1, d.slats());
            Poly slat = curvedBar(-half, half, b, b + d.slatWidth(), 1.2).transformed(plane);
            extruded("slat", slat, thick, woodLook(0), Level.DETAIL);
          }
        }
        case SPINDLE, SLATS -> {
          int n = d.slats();
          double from = lowerTop;
          for (int k = 0; k < n; k++) {
            double a = -half + pr + (2 * (half - pr)) * (k + 0.5) / n;
            double sw = d.slatWidth() / 2;
            Poly slat = Poly.of(true, a - sw, from - 0.5, a + sw, from - 0.5, a + sw, topEdge(a, half) - 2,
                a - sw, topEdge(a, half) - 2).transformed(plane);
            extruded("slat", slat, thick, woodLook(StrictMath.PI / 2), Level.DETAIL);
          }
        }
        case SPLAT -> {
          Poly splat = vaseSplat(d.slatWidth() / 2, lowerTop, railBottom + 1);
          Area a = new Area(splat.toPath());
          addMedallion(a, 0, (lowerTop + railBottom) * 0.55, d.slatWidth() * 0.22);
          Shape s = plane.createTransformedShape(a);
          extrudedArea("splat", s, thick, woodLook(StrictMath.PI / 2), Level.DETAIL);
        }
        case PANEL -> {
          Poly panel = backOutline(half + pr, hb * 0.38, hb).transformed(plane);
          Area a = new Area(panel.toPath());
          Area hole = new Area();
          if (d.medallion() != Medallion.NONE) {
            Area m = new Area();
            addMedallion(m, 0, hb * 0.75, 2.6);
            hole = new Area(plane.createTransformedShape(m));
            a.subtract(hole);
          }
          extrudedArea("panel", a, thick, woodLook(0), Level.MAJOR);
          if (d.back() == BackType.PANEL) {
            // panel chairs have a single central support instead of posts
            double[] s0 = backPoint(0, -2, rearZ, hs);
            double[] s1 = backPoint(0, hb * 0.45, rearZ - 0.5, hs);
            Poly sup = straightLimb(s0, s1, 1.4, 1.2);
            fig.fill("back-support", sup.toPath(), limbLook(s0, s1, 1.4, false, metalLegs ? woodColour(Wood.METAL) : wood),
                woodEdge, 0.6);
            addRail(plane, thick, half, 0, 0);
            return;
          }
        }
        default -> {
        }
      }
      if (d.lowerRail()) {
        Poly rail = Poly.of(true, -half, 1, half, 1, half, lowerTop, -half, lowerTop).transformed(plane);
        extruded("lower-rail", rail, thick, woodLook(0), Level.DETAIL);
      }
      addRail(plane, thick, half, railBottom, railTop);
      // posts
      for (int side = 0; side < 2; side++) {
        double a = side == 0 ? -half : half;
        double[] p0 = backPoint(a, -1, rearZ, hs);
        double topB = topEdge(a, half) + (d.top() == TopShape.ROUNDED ? 4 : 0.5);
        double[] p1 = backPoint(a, topB, rearZ, hs);
        Poly post = straightLimb(p0, p1, pr, pr * 0.9);
        boolean square = d.legs() == LegType.SQUARE || d.legs() == LegType.TAPERED;
        int pi = fig.fill("post", post.toPath(), limbLook(p0, p1, pr, square, wood), woodEdge, 0.7);
        fig.trace("post", "post", Level.MAJOR, post, pi);
        if (d.finial() != Finial.NONE) {
          double[] c = view.project(backPoint(a, topB + pr * 1.1, rearZ, hs));
          Poly fin;
          if (d.finial() == Finial.BALL) {
            fin = Poly.ellipse(c[0], c[1], pr * View.SCALE * 1.25, pr * View.SCALE * 1.25, 16);
          } else {
            double s = pr * View.SCALE;
            fin = Poly.smooth(true, 4, c[0] - s, c[1] + s, c[0] - s * 0.7, c[1] - s * 0.5, c[0], c[1] - s * 2.4,
                c[0] + s * 0.7, c[1] - s * 0.5, c[0] + s, c[1] + s);
          }
          int fi = fig.fill("finial", fin.toPath(), Look.cylinder(wood, new double[] {c[0], c[1] - 5},
              new double[] {c[0], c[1] + 5}, pr * View.SCALE * 1.3, 1.0), woodEdge, 0.6);
          fig.trace("finial", "finial", Level.DETAIL, fin, fi);
        }
      }
    }

    void addRail(AffineTransform plane, double[] thick, double half, double railBottom, double railTop) {
      if (d.back() == BackType.PANEL) {
        return;
      }
      List<double[]> pts = new ArrayList<>();
      int n = 24;
      for (int i = 0; i <= n; i++) {
        double a = -half + 2 * half * i / n;
        pts.add(new double[] {a, topEdge(a, half)});
      }
      for (int i = n; i >= 0; i--) {
        double a = -half + 2 * half * i / n;
        double bottom = railBottom + (d.top() == TopShape.ARCHED ? 2.5 * (1 - Math.pow(a / half, 2)) : 0);
        pts.add(new double[] {a, bottom});
      }
      Poly rail = Poly.of(pts, true).transformed(plane);
      extruded("top-rail", rail, thick, woodLook(0), Level.MAJOR);
      if (d.medallion() == Medallion.SLOT && d.back() != BackType.SPLAT) {
        double mb = (railBottom + railTop) / 2;
        Poly slot = Poly.roundedRect(-half * 0.25, mb - 0.9, half * 0.25, mb + 0.9, 0.9).transformed(plane);
        int i = fig.overlay("rail-slot", slot.toPath(), Look.flat(PhotoRenderer.darker(wood, 0.55)), null, 0);
        fig.trace("rail-slot", "ornament", Level.DETAIL, slot, i);
      }
    }

    /** The back outline in plane coordinates: a panel from height b0 to the top edge. */
    Poly backOutline(double half, double b0, double hb) {
      List<double[]> pts = new ArrayList<>();
      int n = 30;
      double taper = d.back() == BackType.UPHOLSTERED ? 0 : half * 0.06;
      pts.add(new double[] {-half + taper, b0});
      pts.add(new double[] {half - taper, b0});
      for (int i = 0; i <= n; i++) {
        double a = half - 2 * half * i / n;
        pts.add(new double[] {a, topEdge(a, half) - (hb - d.backHeight())});
      }
      return Poly.of(pts, true);
    }

    static Poly curvedBar(double a0, double a1, double b0, double b1, double sag) {
      List<double[]> pts = new ArrayList<>();
      int n = 16;
      for (int i = 0; i <= n; i++) {
        double f = (double) i / n;
        double a = a0 + (a1 - a0) * f;
        pts.add(new double[] {a, b1 - sag * StrictMath.sin(StrictMath.PI * f)});
      }
      for (int i = n; i >= 0; i--) {
        double f = (double) i / n;
        double a = a0 + (a1 - a0) * f;
        pts.add(new double[] {a, b0 - sag * StrictMath.sin(StrictMath.PI * f)});
      }
      return Poly.of(pts, true);
    }

    /** A vase-shaped central splat from b0 to b1 (plane coordinates). */
    static Poly vaseSplat(double half, double b0, double b1) {
      double h = b1 - b0;
      double[] prof = {0.55, 0.75, 1.0, 0.85, 0.45, 0.5, 0.85, 1.05};
      List<double[]> right = new ArrayList<>();
      for (int i = 0; i < prof.length; i++) {
        right.add(new double[] {half * prof[i], b0 + h * i / (prof.length - 1)});
      }
      Poly r = Poly.of(right, false).smoothed(false, 6);
      List<double[]> pts = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        pts.add(new double[] {r.xs[i], r.ys[i]});
      }
      for (int i = r.size() - 1; i >= 0; i--) {
        pts.add(new double[] {-r.xs[i], r.ys[i]});
      }
      return Poly.of(pts, true);
    }

    void addMedallion(Area target, double a, double b, double r) {
      Poly m;
      switch (d.medallion()) {
        case CIRCLE -> m = Poly.ellipse(a, b, r, r, 20);
        case DIAMOND -> m = Poly.of(true, a, b - r * 1.3, a + r, b, a, b + r * 1.3, a - r, b);
        default -> {
          return;
        }
      }
      target.subtract(new Area(m.toPath()));
    }

    /** Adds an extruded flat part: the swept side in a darker shade, then the face. */
    void extruded(String name, Poly face, double[] thick, Look look, Level level) {
      extrudedArea(name, face.toPath(), thick, look, level);
    }

    void extrudedArea(String name, Shape face, double[] thick, Look look, Level level) {
      Area sweep = sweep(face, thick);
      Look sideLook = look.recoloured(PhotoRenderer.darker(look.color(), 0.28));
      Color edge = PhotoRenderer.darker(look.color(), 0.5);
      fig.fill(name + "-side", sweep, sideLook, edge, 0.6);
      int fi = fig.fill(name, face, look, edge, 0.6);
      if (level != Level.OUTLINE) {
        for (Poly pl : Poly.fromShape(face, 0.3)) {
          fig.trace(name, name, level, pl, fi);
        }
      }
    }

    static Area sweep(Shape face, double[] v) {
      double len = Math.hypot(v[0], v[1]);
      int steps = Math.max(1, (int) StrictMath.ceil(len / 0.8));
      Area a = new Area();
      for (int i = 1; i <= steps; i++) {
        double f = (double) i / steps;
        a.add(new Area(AffineTransform.getTranslateInstance(v[0] * f, v[1] * f).createTransformedShape(face)));
      }
      return a;
    }

    Poly seatOutline(double w, double dep) {
      double hw = w / 2;
      double hd = dep / 2;
      List<double[]> pts = new ArrayList<>();
      switch (d.seatShape()) {
        case TRAPEZOID -> {
          Poly p = Poly.of(true, -hw + 2.5, -hd, hw - 2.5, -hd, hw + 1, hd, -hw - 1, hd);
          return roundCorners(p, 2.0);
        }
        case ROUND_FRONT -> {
          pts.add(new double[] {-hw + 1, -hd});
          pts.add(new double[] {hw - 1, -hd});
          int n = 20;
          for (int i = 0; i <= n; i++) {
            double f = (double) i / n;
            double a = StrictMath.PI * f;
            pts.add(new double[] {hw * StrictMath.cos(a), hd * 0.35 + hd * 0.65 * StrictMath.sin(a)});
          }
          return Poly.of(pts, true).smoothed(true, 3);
        }
        case ROUNDED -> {
          return roundCorners(Poly.of(true, -hw, -hd, hw, -hd, hw, hd, -hw, hd), Math.min(hw, hd) * 0.4);
        }
        default -> {
          return roundCorners(Poly.of(true, -hw, -hd, hw, -hd, hw, hd, -hw, hd), 1.2);
        }
      }
    }

    static Poly roundCorners(Poly p, double r) {
      List<double[]> pts = new ArrayList<>();
      int n = p.size();
      for (int i = 0; i < n; i++) {
        double[] prev = p.point((i + n - 1) % n);
        double[] cur = p.point(i);
        double[] next = p.point((i + 1) % n);
        double[] u = unit(prev, cur);
        double[] v = unit(next, cur);
        double[] a = {cur[0] + u[0] * r, cur[1] + u[1] * r};
        double[] b = {cur[0] + v[0] * r, cur[1] + v[1] * r};
        for (int k = 0; k <= 4; k++) {
          double t = k / 4.0;
          double[] q = {(1 - t) * (1 - t) * a[0] + 2 * (1 - t) * t * cur[0] + t * t * b[0],
              (1 - t) * (1 - t) * a[1] + 2 * (1 - t) * t * cur[1] + t * t * b[1]};
          pts.add(q);
        }
      }
      return Poly.of(pts, true);
    }

    void addSeat(double w, double dep, double hs, double t) {
      AffineTransform top = view.plane(new double[] {0, hs, 0}, new double[] {1, 0, 0}, new double[] {0, 0, 1});
      Poly outline = seatOutline(w, dep).transformed(top);
      boolean upholstered = d.cushion() == Cushion.BOX;
      double thickness = upholstered ? t + 5 : t;
      double[] down = view.vector(0, -thickness, 0);
      Area side = sweep(outline.toPath(), down);
      Color seatColour = upholstered ? d.fabric() : wood;
      Look look = upholstered ? fabricLook(seatColour, 1.3) : woodLook(0.2);
      Color edge = PhotoRenderer.darker(seatColour, 0.5);
      int si = fig.fill("seat-side", side, look.recoloured(PhotoRenderer.darker(seatColour, 0.25)), edge, 0.6);
      for (Poly pl : Poly.fromShape(side, 0.3)) {
        fig.trace("seat-side", "seat", Level.MAJOR, pl, si);
      }
      int ti = fig.fill("seat", outline.toPath(), look, edge, 0.6);
      fig.trace("seat", "seat", Level.MAJOR, outline, ti);
      if (upholstered && d.piping()) {
        Poly pipe = outline.translated(down[0] * 0.3, down[1] * 0.3);
        int pi = fig.line("seat-piping", pipe.toPath(), PhotoRenderer.darker(seatColour, 0.35), 0.9, null);
        fig.trace("seat-piping", "piping", Level.DETAIL, pipe, pi);
      }
      if (d.cushion() == Cushion.PAD) {
        AffineTransform padPlane = view.plane(new double[] {0, hs + 2.2, 0}, new double[] {1, 0, 0},
            new double[] {0, 0, 1});
        Poly pad = roundCorners(Poly.of(true, -w / 2 + 3, -dep / 2 + 3, w / 2 - 3, -dep / 2 + 3, w / 2 - 2.5,
            dep / 2 - 2, -w / 2 + 2.5, dep / 2 - 2), 4).transformed(padPlane);
        double[] padDown = view.vector(0, -2.2, 0);
        Area padSide = sweep(pad.toPath(), padDown);
        Look pl = fabricLook(d.fabric(), 1.3);
        fig.fill("pad-side", padSide, pl.recoloured(PhotoRenderer.darker(d.fabric(), 0.25)),
            PhotoRenderer.darker(d.fabric(), 0.5), 0.6);
        int pi = fig.fill("pad", pad.toPath(), pl, PhotoRenderer.darker(d.fabric(), 0.5), 0.6);
        fig.trace("pad", "pad", Level.MAJOR, pad, pi);
      }
    }

    void addArms(double w, double dep, double hs, double inset) {
      double armH = 20;
      double r = d.paddedArms() ? 2.4 : 1.5;
      Color c = d.paddedArms() ? d.fabric() : wood;
      // far arm first (x > 0 is the far side for a positive yaw)
      for (int side = 1; side >= 0; side--) {
        double x = side == 0 ? -w / 2 + inset : w / 2 - inset;
        double tilt = StrictMath.toRadians(d.backTilt());
        double rearZ = -dep / 2 + inset - armH * StrictMath.tan(tilt) * 0.8;
        double[] back = {x, hs + armH, rearZ};
        double[] front = {x, hs + armH - 1, dep / 2 - 1};
        double[] foot = {x, hs, dep / 2 - inset - 1};
        Poly support = straightLimb(foot, new double[] {front[0], front[1], front[2] - 1.5}, 1.3, 1.1);
        int si = fig.fill("arm-support", support.toPath(), limbLook(foot, front, 1.3, false, wood), woodEdge, 0.6);
        fig.trace("arm-support", "arm", Level.MAJOR, support, si);
        List<double[]> pts = new ArrayList<>();
        int n = 10;
        double[] radii = new double[n + 1];
        for (int i = 0; i <= n; i++) {
          double f = (double) i / n;
          double[] p = lerp(back, front, f);
          pts.add(new double[] {p[0], p[1] + 1.2 * StrictMath.sin(StrictMath.PI * f), p[2]});
          radii[i] = r;
        }
        Poly arm = limb(pts, radii, true);
        Look look = d.paddedArms() ? fabricLook(c, 1.2) : limbLook(back, front, r, false, wood);
        int ai = fig.fill("arm", arm.toPath(), look, PhotoRenderer.darker(c, 0.5), 0.6);
        fig.trace("arm", "arm", Level.MAJOR, arm, ai);
      }
    }
  }
}
