package org.fgsbir.core.samples;

import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Area;
import java.util.ArrayList;
import java.util.List;
import org.fgsbir.core.samples.Figure.Level;

/**
 * A parametric side-view shoe. A {@link Design} is drawn per instance as "family + small variation",
 * so the catalogue holds groups of near-identical shoes that differ only in details: sole thickness and
 * shape, toe shape, heel height, collar height, tongue, eyelet count, stripes and logo, ornaments,
 * stitching, colours and material. {@link #build} turns a design into a {@link Figure}.
 */
final class ShoeModel {
  private ShoeModel() {}

  enum Type { SNEAKER, HIGH_TOP, DERBY, CHELSEA, LACE_BOOT, LOAFER, PUMP }

  enum Toe { ROUND, ALMOND, POINTED, SQUARE }

  enum Heel { NONE, BLOCK, STACKED, STILETTO, WEDGE, CUBAN }

  enum SoleStyle { PLAIN, CUPSOLE, LUG }

  enum Cap { NONE, PLAIN, WING, BUMPER }

  enum Logo { NONE, STRIPES, SWOOSH, CIRCLE, STAR }

  enum Ornament { NONE, BOW, BUCKLE, TASSEL, PENNY_STRAP, HORSEBIT, PULL_TAB, HEEL_TAB, BROGUE }

  enum Material { LEATHER, SUEDE, CANVAS, KNIT, PATENT }

  /** All parameters of one shoe. Lengths are in model pixels (the shoe is about 200 long). */
  record Design(Type type, double length, double sole, SoleStyle soleStyle, Heel heel, double heelHeight,
      double spring, Toe toe, double toeHeight, double collarHeight, double collarDip, double tongueRise,
      double throat, double instepRise, double backLean, double heelBulge, double opening, int eyelets,
      double eyestayWidth, Cap cap, boolean counter, Logo logo, int stripes, Ornament ornament,
      boolean stitchCollar, boolean stitchSole, boolean stitchCap, boolean paddedCollar, boolean laceBow,
      Material material, Color upper, Color accent, Color soleColour, Color lace, Color lining) {

    boolean laced() {
      return eyelets > 0;
    }
  }

  static final Color WHITE = new Color(244, 244, 242);
  static final Color BLACK = new Color(34, 33, 35);
  static final Color NAVY = new Color(38, 48, 82);
  static final Color GREY = new Color(150, 152, 158);
  static final Color RED = new Color(188, 42, 46);
  static final Color BLUE = new Color(44, 86, 172);
  static final Color OLIVE = new Color(98, 108, 70);
  static final Color BEIGE = new Color(214, 198, 172);
  static final Color PINK = new Color(230, 158, 176);
  static final Color SKY = new Color(150, 186, 222);
  static final Color DARK_BROWN = new Color(78, 50, 36);
  static final Color COGNAC = new Color(152, 86, 46);
  static final Color TAN = new Color(186, 136, 86);
  static final Color BURGUNDY = new Color(112, 32, 42);
  static final Color TAUPE = new Color(158, 144, 126);
  static final Color NUDE = new Color(224, 184, 158);
  static final Color EMERALD = new Color(34, 120, 82);
  static final Color SILVER = new Color(196, 196, 202);
  static final Color YELLOW = new Color(234, 200, 62);
  static final Color ORANGE = new Color(232, 122, 44);
  static final Color GREEN = new Color(62, 150, 82);
  static final Color GUM = new Color(188, 140, 82);
  static final Color OFF_WHITE = new Color(236, 228, 210);

  /** Draws a design: the family stream fixes the type and base values, the instance stream varies them. */
  static Design design(Variation v) {
    Type type = Type.values()[v.familyIndex(0.24, 0.1, 0.16, 0.1, 0.1, 0.14, 0.16)];
    double length = v.real(186, 202, 0.05);
    double sole;
    SoleStyle soleStyle;
    Heel heel;
    double heelHeight;
    double spring = v.real(3, 8, 0.1);
    Toe toe;
    double toeH;
    double ch;
    double dip;
    double tongue;
    double throat;
    double instep;
    double lean = v.real(1, 7, 0.1);
    double bulge = v.real(1, 5, 0.1);
    double opening;
    int eyelets;
    double eyestay = v.real(8, 11, 0.1);
    Cap cap;
    boolean counter;
    Logo logo;
    int stripes = v.integer(1, 4, 0.35);
    Ornament ornament;
    Material material;
    Color upper;
    switch (type) {
      case SNEAKER, HIGH_TOP -> {
        boolean high = type == Type.HIGH_TOP;
        sole = v.real(11, 19, 0.08);
        soleStyle = v.choice(0.15, SoleStyle.CUPSOLE, SoleStyle.CUPSOLE, SoleStyle.PLAIN, SoleStyle.LUG);
        heel = Heel.NONE;
        heelHeight = v.real(2, 8, 0.15);
        toe = v.choice(0.15, Toe.ROUND, Toe.ROUND, Toe.ALMOND);
        toeH = v.real(32, 40, 0.08);
        ch = high ? v.real(80, 98, 0.06) : v.real(46, 56, 0.08);
        dip = high ? v.real(0, 4, 0.2) : v.real(5, 12, 0.1);
        tongue = high ? v.real(0, 8, 0.15) : v.real(4, 14, 0.12);
        throat = high ? v.real(0.3, 0.35, 0.1) : v.real(0.36, 0.42, 0.1);
        instep = v.real(12, 18, 0.1);
        opening = high ? v.real(3, 5, 0.1) : v.real(5, 9, 0.1);
        eyelets = high ? v.integer(7, 9, 0.4) : v.integer(4, 7, 0.4);
        cap = v.choice(0.25, Cap.BUMPER, Cap.BUMPER, Cap.NONE);
        counter = v.flag(0.6, 0.25);
        logo = high ? v.choice(0.3, Logo.CIRCLE, Logo.STAR, Logo.STRIPES, Logo.NONE)
            : v.choice(0.3, Logo.STRIPES, Logo.SWOOSH, Logo.CIRCLE, Logo.STAR, Logo.NONE);
        ornament = v.choice(0.3, Ornament.HEEL_TAB, Ornament.NONE);
        material = v.choice(0.2, Material.CANVAS, Material.LEATHER, Material.KNIT, Material.SUEDE);
        upper = v.colour(0.3, 0.08, WHITE, BLACK, NAVY, GREY, RED, BLUE, OLIVE, BEIGE, PINK, SKY);
      }
      case DERBY -> {
        sole = v.real(6, 9, 0.1);
        soleStyle = SoleStyle.PLAIN;
        heel = v.choice(0.2, Heel.BLOCK, Heel.STACKED);
        heelHeight = v.real(7, 12, 0.1);
        toe = v.choice(0.2, Toe.ROUND, Toe.ALMOND, Toe.SQUARE);
        toeH = v.real(29, 34, 0.08);
        ch = v.real(44, 52, 0.08);
        dip = v.real(3, 8, 0.1);
        tongue = v.real(0, 5, 0.15);
        throat = v.real(0.38, 0.44, 0.1);
        instep = v.real(15, 20, 0.1);
        opening = v.real(4, 7, 0.1);
        eyelets = v.integer(3, 6, 0.4);
        cap = v.choice(0.3, Cap.NONE, Cap.PLAIN, Cap.WING);
        counter = false;
        logo = Logo.NONE;
        ornament = v.choice(0.3, Ornament.BROGUE, Ornament.NONE, Ornament.NONE);
        material = v.choice(0.15, Material.LEATHER, Material.LEATHER, Material.SUEDE, Material.PATENT);
        upper = v.colour(0.3, 0.08, BLACK, DARK_BROWN, COGNAC, TAN, BURGUNDY, NAVY, TAUPE);
      }
      case CHELSEA, LACE_BOOT -> {
        boolean laced = type == Type.LACE_BOOT;
        sole = laced ? v.real(10, 15, 0.08) : v.real(7, 11, 0.08);
        soleStyle = laced ? v.choice(0.2, SoleStyle.LUG, SoleStyle.PLAIN) : v.choice(0.2, SoleStyle.PLAIN, SoleStyle.LUG);
        heel = v.choice(0.2, Heel.BLOCK, Heel.STACKED, Heel.CUBAN);
        heelHeight = v.real(9, 18, 0.1);
        toe = v.choice(0.2, Toe.ROUND, Toe.SQUARE, Toe.ALMOND);
        toeH = v.real(30, 36, 0.08);
        ch = laced ? v.real(96, 116, 0.06) : v.real(86, 104, 0.06);
        dip = v.real(0, 4, 0.2);
        tongue = laced ? v.real(0, 6, 0.15) : 0;
        throat = v.real(0.31, 0.36, 0.1);
        instep = v.real(18, 25, 0.1);
        opening = v.real(2, 4, 0.1);
        eyelets = laced ? v.integer(6, 9, 0.4) : 0;
        cap = laced ? v.choice(0.3, Cap.PLAIN, Cap.NONE) : Cap.NONE;
        counter = false;
        logo = Logo.NONE;
        ornament = v.choice(0.3, Ornament.PULL_TAB, Ornament.NONE, laced ? Ornament.NONE : Ornament.BUCKLE);
        material = v.choice(0.2, Material.LEATHER, Material.SUEDE);
        upper = v.colour(0.3, 0.08, BLACK, DARK_BROWN, COGNAC, TAN, TAUPE, BURGUNDY, GREY);
      }
      case LOAFER -> {
        sole = v.real(5, 8, 0.1);
        soleStyle = SoleStyle.PLAIN;
        heel = v.choice(0.2, Heel.BLOCK, Heel.STACKED, Heel.NONE);
        heelHeight = v.real(6, 10, 0.1);
        toe = v.choice(0.2, Toe.ROUND, Toe.ALMOND, Toe.SQUARE);
        toeH = v.real(28, 33, 0.08);
        ch = v.real(36, 44, 0.08);
        dip = v.real(4, 8, 0.1);
        tongue = 0;
        throat = v.real(0.44, 0.5, 0.1);
        instep = v.real(11, 16, 0.1);
        opening = v.real(5, 8, 0.1);
        eyelets = 0;
        cap = Cap.NONE;
        counter = false;
        logo = Logo.NONE;
        ornament = v.choice(0.3, Ornament.PENNY_STRAP, Ornament.TASSEL, Ornament.HORSEBIT, Ornament.NONE);
        material = v.choice(0.2, Material.LEATHER, Material.SUEDE, Material.PATENT);
        upper = v.colour(0.3, 0.08, BLACK, DARK_BROWN, COGNAC, TAN, BURGUNDY, NAVY, TAUPE);
      }
      case PUMP -> {
        sole = v.real(3, 4.5, 0.1);
        soleStyle = SoleStyle.PLAIN;
        heel = v.choice(0.15, Heel.STILETTO, Heel.STILETTO, Heel.BLOCK, Heel.CUBAN, Heel.WEDGE);
        heelHeight = v.real(34, 62, 0.06);
        toe = v.choice(0.2, Toe.POINTED, Toe.POINTED, Toe.ALMOND, Toe.ROUND, Toe.SQUARE);
        toeH = v.real(18, 23, 0.08);
        ch = v.real(30, 38, 0.08);
        dip = v.real(5, 9, 0.1);
        tongue = 0;
        throat = v.real(0.56, 0.63, 0.1);
        instep = v.real(2, 6, 0.1);
        opening = v.real(4, 8, 0.1);
        eyelets = 0;
        cap = v.choice(0.2, Cap.NONE, Cap.NONE, Cap.PLAIN);
        counter = false;
        logo = Logo.NONE;
        ornament = v.choice(0.3, Ornament.BOW, Ornament.BUCKLE, Ornament.NONE, Ornament.NONE);
        material = v.choice(0.2, Material.LEATHER, Material.PATENT, Material.SUEDE);
        upper = v.colour(0.3, 0.08, BLACK, RED, NUDE, NAVY, WHITE, PINK, EMERALD, SILVER, BURGUNDY);
      }
      default -> throw new IllegalStateException("unknown type " + type);
    }
    boolean sporty = type == Type.SNEAKER || type == Type.HIGH_TOP;
    boolean stitchCollar = v.flag(sporty ? 0.6 : 0.5, 0.3);
    boolean stitchSole = v.flag(sporty ? 0.3 : 0.75, 0.25);
    boolean stitchCap = v.flag(0.55, 0.3);
    boolean padded = v.flag(sporty ? 0.75 : 0.3, 0.2);
    boolean bow = v.flag(0.5, 0.3);
    Color accent = v.colour(0.5, 0.05, WHITE, BLACK, RED, BLUE, YELLOW, ORANGE, GREEN, NAVY, GREY);
    if (distance(accent, upper) < 60) {
      accent = distance(upper, WHITE) < 120 ? NAVY : WHITE;
    }
    Color soleColour = sporty
        ? v.colour(0.3, 0.03, WHITE, WHITE, OFF_WHITE, GUM, BLACK)
        : v.colour(0.3, 0.05, BLACK, DARK_BROWN, TAN, GUM, BLACK);
    Color lace = v.choice(0.35, WHITE, BLACK, upper, accent);
    Color lining = v.choice(0.3, PhotoRenderer.darker(upper, 0.55), new Color(200, 170, 130),
        new Color(226, 216, 196), BLACK);
    return new Design(type, length, sole, soleStyle, heel, heelHeight, spring, toe, toeH, ch, dip, tongue,
        throat, instep, lean, bulge, opening, eyelets, eyestay, cap, counter, logo, stripes, ornament,
        stitchCollar, stitchSole, stitchCap, padded, bow, material, upper, accent, soleColour, lace, lining);
  }

  private static double distance(Color a, Color b) {
    return Math.abs(a.getRed() - b.getRed()) + Math.abs(a.getGreen() - b.getGreen())
        + Math.abs(a.getBlue() - b.getBlue());
  }

  /** Builds the figure: paint operations back to front and the traces a person would draw. */
  static Figure build(Design d, Rng rng) {
    return new Builder(d, rng).build();
  }

  private static final class Builder {
    final Design d;
    final Rng rng;
    final Figure fig = new Figure();
    final double x0 = 30;
    final double len;
    final double ground = 200;
    final boolean heeled;
    final double toeExt;

    Builder(Design d, Rng rng) {
      this.d = d;
      this.rng = rng;
      this.len = d.length();
      this.heeled = d.heel() != Heel.NONE && d.heel() != Heel.WEDGE;
      this.toeExt = d.toe() == Toe.POINTED ? 0.025 * d.length() : 0;
    }

    double x(double f) {
      return x0 + f * len;
    }

    double ballX() {
      return x(d.type() == Type.PUMP ? 0.7 : 0.64);
    }

    double lift(double x) {
      double seatEnd = x(d.type() == Type.PUMP ? 0.24 : 0.2);
      double ball = ballX();
      if (x <= seatEnd) {
        return d.heelHeight();
      }
      if (x >= ball) {
        return 0;
      }
      double t = (x - seatEnd) / (ball - seatEnd);
      return d.heelHeight() * (1 - t * t * (3 - 2 * t));
    }

    double spring(double x) {
      double start = x(0.76);
      if (x <= start) {
        return 0;
      }
      double t = (x - start) / (0.24 * len);
      return d.spring() * t * t;
    }

    /** Sole top (where the upper sits). */
    double top(double x) {
      if (heeled) {
        return ground - d.sole() - lift(x) - spring(x);
      }
      return ground - spring(x) - d.sole() - lift(x);
    }

    /** Sole bottom. */
    double bottom(double x) {
      if (heeled) {
        return top(x) + d.sole();
      }
      return ground - spring(x);
    }

    /** A point at length fraction f, h above the sole top there. */
    double[] p(double f, double h) {
      double xx = x(f);
      return new double[] {xx, top(xx) - h};
    }

    Poly topLine(double fromX, double toX, int n) {
      List<double[]> pts = new ArrayList<>();
      for (int i = 0; i <= n; i++) {
        double xx = fromX + (toX - fromX) * i / n;
        pts.add(new double[] {xx, top(xx)});
      }
      return Poly.of(pts, false);
    }

    static Poly smooth(List<double[]> pts, int samples) {
      return Poly.of(pts, false).smoothed(false, samples);
    }

    Figure build() {
      double tipX = x(1) + toeExt;
      double heelBackX = x0 + 1;
      double ch = d.collarHeight();

      // --- key lines of the upper ---
      double[] backTop = new double[] {x0 + d.backLean(), top(x0) - ch};
      List<double[]> heelPts = new ArrayList<>();
      heelPts.add(new double[] {heelBackX, top(x0)});
      heelPts.add(new double[] {x0 - d.heelBulge(), top(x0) - 0.28 * ch});
      if (ch > 70) {
        heelPts.add(new double[] {x0 + 0.5 * d.backLean() + 3, top(x0) - 0.6 * ch});
      } else {
        heelPts.add(new double[] {x0 + 0.45 * d.backLean(), top(x0) - 0.72 * ch});
      }
      heelPts.add(backTop);

      boolean boot = d.type() == Type.CHELSEA || d.type() == Type.LACE_BOOT || d.type() == Type.HIGH_TOP;
      double throatF = d.throat();
      double throatH;
      if (d.laced()) {
        throatH = ch - d.collarDip() * 0.3;
      } else if (boot) {
        throatH = ch - 2;
      } else {
        throatH = d.toeHeight() + d.instepRise() + (d.type() == Type.PUMP ? 4 : 6);
      }
      List<double[]> nearCollarPts = new ArrayList<>();
      nearCollarPts.add(backTop);
      double midF = boot ? throatF * 0.5 : 0.2;
      nearCollarPts.add(p(midF, ch - d.collarDip()));
      if (!boot && d.laced()) {
        nearCollarPts.add(p(throatF - 0.1, ch - d.collarDip() * 0.55));
      }
      double[] throat = d.laced() ? p(throatF - 0.05, throatH) : p(throatF, throatH);
      nearCollarPts.add(throat);
      Poly nearCollar = smooth(nearCollarPts, 10);
      // the far side of the opening shows above the near collar
      Poly farCollar = raise(nearCollar, d.opening());

      // front edge: from the throat (or tongue) down to the toe
      List<double[]> front = new ArrayList<>();
      double[] tongueBackTop = null;
      double[] tongueFrontTop = null;
      if (d.laced()) {
        double tongueH = ch + d.tongueRise();
        tongueBackTop = p(throatF - 0.035, tongueH);
        tongueFrontTop = p(throatF + 0.02, tongueH - 2.5);
        front.add(tongueFrontTop);
        front.add(p(throatF + 0.12, mix(tongueH - 6, d.toeHeight() + d.instepRise(), 0.45)));
      } else if (boot) {
        front.add(throat);
        front.add(p(throatF + 0.03, ch * 0.62));
        front.add(p(throatF + 0.1, d.toeHeight() + d.instepRise() + 8));
      } else {
        front.add(throat);
        front.add(p(throatF + 0.06, throatH - 2.5));
      }
      front.add(p(0.64, d.toeHeight() + d.instepRise() * (d.laced() || boot ? 0.75 : 0.5)));
      front.add(p(0.79, d.toeHeight() + 1.5));
      switch (d.toe()) {
        case ROUND -> {
          front.add(p(0.9, d.toeHeight() * 0.93));
          front.add(p(0.965, d.toeHeight() * 0.7));
          front.add(p(0.995, d.toeHeight() * 0.35));
        }
        case ALMOND -> {
          front.add(p(0.9, d.toeHeight() * 0.85));
          front.add(p(0.97, d.toeHeight() * 0.55));
          front.add(p(1.0, d.toeHeight() * 0.2));
        }
        case POINTED -> {
          front.add(p(0.9, d.toeHeight() * 0.7));
          front.add(p(0.97, d.toeHeight() * 0.35));
          front.add(new double[] {tipX, top(tipX) - d.toeHeight() * 0.08});
        }
        case SQUARE -> {
          front.add(p(0.92, d.toeHeight() * 0.97));
          front.add(p(0.985, d.toeHeight() * 0.82));
          front.add(p(1.0, d.toeHeight() * 0.4));
        }
        default -> throw new IllegalStateException();
      }
      double toeEndX = d.toe() == Toe.POINTED ? tipX - 1 : x(1) - 1;
      front.add(new double[] {toeEndX, top(toeEndX)});
      Poly frontEdge = smooth(front, 10);

      // the upper: heel counter, far collar, tongue, front edge, back along the sole top
      Poly heelLine = smooth(heelPts, 10);
      Poly outlineTop;
      if (d.laced()) {
        Poly tongueTop = Poly.smooth(false, 6, throat[0], throat[1] - d.opening() * 0.3,
            tongueBackTop[0] - 1, tongueBackTop[1] + 3, tongueBackTop[0] + 2, tongueBackTop[1] - 0.5,
            tongueFrontTop[0], tongueFrontTop[1]);
        outlineTop = heelLine.concat(farCollar, tongueTop, frontEdge);
      } else {
        outlineTop = heelLine.concat(farCollar, frontEdge);
      }
      Poly sole0 = topLine(toeEndX, heelBackX, 40);
      Poly upperPoly = outlineTop.concat(sole0).closedCopy(true);
      Shape upperShape = upperPoly.toPath();
      Area upperArea = new Area(upperShape);

      // --- heel piece (behind the sole) ---
      Look soleLook = Look.linear(d.soleColour(), StrictMath.PI / 2, 0.6);
      Color soleEdge = PhotoRenderer.darker(d.soleColour(), 0.45);
      if (heeled) {
        addHeel(soleLook, soleEdge);
      }

      // --- upper ---
      Look upperLook = upperLook();
      Color upperEdge = PhotoRenderer.darker(d.upper(), 0.45);
      int upperIdx = fig.fill("upper", upperShape, upperLook, upperEdge, 0.8);

      // heel tab / pull tab stick out of the silhouette
      if (d.ornament() == Ornament.HEEL_TAB) {
        Poly tab = Poly.smooth(true, 5, backTop[0] + 1, backTop[1] + 8, backTop[0] - 5, backTop[1] + 2,
            backTop[0] - 4, backTop[1] - 6, backTop[0] + 4, backTop[1] - 5, backTop[0] + 8, backTop[1] + 4);
        int i = fig.fill("heel-tab", tab.toPath(), Look.linear(d.accent(), 1.2, 0.7),
            PhotoRenderer.darker(d.accent(), 0.4), 0.7);
        fig.trace("heel-tab", "heel-tab", Level.DETAIL, tab, i);
      } else if (d.ornament() == Ornament.PULL_TAB) {
        double w = 7;
        Poly tab = Poly.smooth(true, 5, backTop[0] + 2, backTop[1] + 10, backTop[0] - 1, backTop[1] - 8,
            backTop[0] + w * 0.5, backTop[1] - 12, backTop[0] + w + 2, backTop[1] - 7, backTop[0] + w + 3,
            backTop[1] + 10);
        int i = fig.fill("pull-tab", tab.toPath(), Look.linear(PhotoRenderer.darker(d.upper(), 0.15), 1.2, 0.6),
            upperEdge, 0.7);
        Poly hole = Poly.ellipse(backTop[0] + w * 0.5 + 0.5, backTop[1] - 4, 1.8, 3.2, 12);
        fig.overlay("pull-tab-hole", hole.toPath(), Look.flat(PhotoRenderer.darker(d.lining(), 0.2)), null, 0);
        fig.trace("pull-tab", "pull-tab", Level.DETAIL, tab, i);
      }

      // lining: the inside of the opening between the far and the near collar
      Poly lining = farCollar.concat(nearCollar.reversed()).closedCopy(true);
      int liningIdx = fig.overlay("lining", lining.toPath(), Look.linear(d.lining(), StrictMath.PI / 2, 1.2),
          PhotoRenderer.darker(d.lining(), 0.4), 0.6);
      fig.glow("lining-shade", throat[0] - 10, throat[1] - 2, len * 0.22, 5, Color.BLACK, 0.35, lining.toPath());
      fig.trace("collar", "collar", Level.MAJOR, nearCollar, liningIdx);

      // tongue
      Poly eyestayEdge = null;
      if (d.laced()) {
        Poly tongue = Poly.smooth(false, 6, throat[0] - 1, throat[1] + 2, tongueBackTop[0] - 1,
            tongueBackTop[1] + 3, tongueBackTop[0] + 2, tongueBackTop[1] - 0.5, tongueFrontTop[0],
            tongueFrontTop[1]).concat(Poly.of(false, tongueFrontTop[0] + 2, tongueFrontTop[1] + 10,
                throat[0] + 4, throat[1] + 12)).closedCopy(true);
        Color tongueColour = PhotoRenderer.lighter(d.upper(), 0.08);
        int ti = fig.overlay("tongue", tongue.toPath(), Look.linear(tongueColour, 1.3, 0.9), upperEdge, 0.7);
        fig.trace("tongue", "tongue", Level.MAJOR, tongue, ti);
        // eyestay along the front edge
        double fStart = 0.0;
        double fEnd = d.type() == Type.DERBY ? 0.3 : 0.42;
        Poly lacing = frontEdge.between(fStart, fEnd);
        eyestayEdge = lacing.offset(d.eyestayWidth());
      }

      // collar padding band
      if (d.paddedCollar()) {
        Poly band = nearCollar.offset(d.laced() ? 5.5 : 4.5);
        int bi = fig.line("collar-padding", band.toPath(), PhotoRenderer.darker(d.upper(), 0.3), 0.8, null);
        fig.trace("collar-padding", "collar-padding", Level.DETAIL, band, bi);
      }

      // toe cap, heel counter, elastic gore
      addCap(upperArea, upperEdge);
      if (d.counter()) {
        Area counter = new Area(Poly.ellipse(x0 - 0.05 * len, top(x0) + 3, 0.19 * len, ch * 0.62, 48).toPath());
        counter.intersect(upperArea);
        Color c = PhotoRenderer.mix(d.upper(), d.accent(), 0.35);
        int ci = fig.overlay("heel-counter", counter, Look.linear(c, 1.4, 0.9), upperEdge, 0.8);
        for (Poly pl : Poly.fromShape(counter, 0.3)) {
          fig.trace("heel-counter", "heel-counter", Level.DETAIL, pl, ci);
        }
      }
      if (d.type() == Type.CHELSEA) {
        double gx = x(0.2);
        Poly gore = Poly.smooth(false, 8, gx - 12, top(gx - 12) - ch - 4, gx - 6, top(gx) - ch * 0.55, gx,
            top(gx) - ch * 0.38, gx + 6, top(gx) - ch * 0.55, gx + 12, top(gx + 12) - ch - 4).closedCopy(true);
        Area goreArea = new Area(gore.toPath());
        goreArea.intersect(upperArea);
        int gi = fig.overlay("elastic", goreArea, Look.linear(PhotoRenderer.darker(d.upper(), 0.35), 0, 0.5)
            .textured(Look.Texture.KNIT, StrictMath.PI / 2, rng.nextLong()), upperEdge, 0.8);
        for (Poly pl : Poly.fromShape(goreArea, 0.3)) {
          fig.trace("elastic", "elastic", Level.MAJOR, pl, gi);
        }
      }

      // vamp / quarter seam for laced shoes
      if (d.laced()) {
        double[] a = eyestayEdge.last();
        double seamX = a[0] - 0.06 * len;
        Poly seam = Poly.smooth(false, 8, a[0], a[1], a[0] - 0.02 * len, mix(a[1], top(seamX), 0.5),
            seamX, top(seamX) - 1);
        int si = fig.line("quarter-seam", seam.toPath(), upperEdge, 0.9, null);
        fig.trace("quarter-seam", "quarter-seam", Level.MAJOR, seam, si);
      }

      // loafer apron (moc toe) and strap
      if (d.type() == Type.LOAFER) {
        Poly apron = frontEdge.between(0.12, 0.8).offset(7);
        int ai = fig.line("apron-seam", apron.toPath(), upperEdge, 1.0, null);
        fig.trace("apron-seam", "apron", Level.MAJOR, apron, ai);
        if (d.stitchCap()) {
          Poly st = frontEdge.between(0.14, 0.78).offset(10);
          int sti = fig.line("apron-stitch", st.toPath(), PhotoRenderer.lighter(d.upper(), 0.35), 0.7,
              new float[] {2.2f, 1.8f});
          fig.dashedTrace("apron-stitch", "~stitch-apron", st, sti);
        }
      }

      // logos and stripes
      addLogo(upperArea, eyestayEdge);

      // eyestay, eyelets, laces
      if (d.laced()) {
        addLacing(frontEdge, eyestayEdge, upperEdge);
      }

      // collar stitching
      if (d.stitchCollar()) {
        Poly st = nearCollar.between(0.06, 0.94).offset(d.paddedCollar() ? 9 : 4);
        int i = fig.line("collar-stitch", st.toPath(), stitchColour(), 0.7, new float[] {2.2f, 1.8f});
        fig.dashedTrace("collar-stitch", "~stitch-collar", st, i);
      }

      // sole (in front of the upper's bottom edge)
      addSole(toeEndX, tipX, soleLook, soleEdge, upperIdx);

      // ornaments on top
      addOrnament(frontEdge, throat, upperEdge);

      // highlights
      if (d.material() == Material.LEATHER || d.material() == Material.PATENT) {
        double a = d.material() == Material.PATENT ? 0.6 : 0.22;
        double[] t = p(0.86, d.toeHeight() * 0.75);
        fig.glow("toe-highlight", t[0], t[1], 0.09 * len, 5, Color.WHITE, a, upperShape);
        double[] h = p(0.02, ch * 0.45);
        fig.glow("heel-highlight", h[0] + 3, h[1], 4, ch * 0.25, Color.WHITE, a * 0.7, upperShape);
      }
      fig.glow("upper-shade", x(0.5), top(x(0.5)) - 2, len * 0.55, 7, Color.BLACK, 0.18, upperShape);

      fig.drawOrder("sole", "heel", "collar", "tongue", "toe-cap", "eyestay", "quarter-seam", "elastic", "apron",
          "strap", "lace");
      fig.fitTo(128, 128, 212, 200);
      return fig;
    }

    Look upperLook() {
      Look l;
      switch (d.material()) {
        case PATENT -> l = Look.gloss(d.upper(), 1.35, 1.0);
        case SUEDE -> l = Look.linear(d.upper(), 1.35, 0.55).textured(Look.Texture.SPECKLE, 0, rng.nextLong());
        case CANVAS -> l = Look.linear(d.upper(), 1.35, 0.8).textured(Look.Texture.CANVAS, 0, rng.nextLong());
        case KNIT -> l = Look.linear(d.upper(), 1.35, 0.8).textured(Look.Texture.KNIT, 0.25, rng.nextLong());
        default -> l = Look.linear(d.upper(), 1.35, 1.0);
      }
      return l;
    }

    Color stitchColour() {
      double lum = d.upper().getRed() * 0.3 + d.upper().getGreen() * 0.59 + d.upper().getBlue() * 0.11;
      return lum > 150 ? PhotoRenderer.darker(d.upper(), 0.45) : PhotoRenderer.lighter(d.upper(), 0.45);
    }

    void addHeel(Look soleLook, Color edge) {
      double seatTop = top(x0) + d.sole();
      double hw = switch (d.heel()) {
        case STILETTO -> 0.16 * len;
        case CUBAN -> 0.2 * len;
        default -> 0.22 * len;
      };
      double xa = x0 + 1.5;
      double xb = x0 + hw;
      Poly heel;
      switch (d.heel()) {
        case STILETTO -> heel = Poly.smooth(false, 8, xa, seatTop - 1, xb, top(xb) + d.sole() - 1).concat(
            Poly.smooth(false, 8, xb - 2, top(xb) + d.sole(), xb - 0.35 * hw, mix(seatTop, ground, 0.45),
                x0 + 0.3 * hw, ground - 3, x0 + 0.3 * hw, ground),
            Poly.of(false, x0 + 0.3 * hw - 4, ground),
            Poly.smooth(false, 8, x0 + 0.3 * hw - 4, ground - 3, x0 + 0.12 * hw, mix(seatTop, ground, 0.5),
                xa, seatTop + 2)).closedCopy(true);
        case CUBAN -> heel = Poly.of(true, xa, seatTop - 1, xb, top(xb) + d.sole() - 1, xb - 0.22 * hw, ground,
            xa + 0.12 * hw, ground);
        default -> heel = Poly.of(true, xa, seatTop - 1, xb, top(xb) + d.sole() - 1, xb - 0.08 * hw, ground,
            xa + 0.02 * hw, ground);
      }
      int hi = fig.fill("heel", heel.toPath(), soleLook, edge, 0.8);
      fig.trace("heel", "heel", Level.MAJOR, heel, hi);
      if (d.heel() == Heel.STACKED) {
        int layers = 3 + (int) (d.heelHeight() / 8);
        for (int k = 1; k < layers; k++) {
          double yy = mix(seatTop, ground, (double) k / layers);
          Poly lay = Poly.of(false, xa + 1, yy, xb - 1.5, yy);
          int li = fig.line("heel-layer", lay.toPath(), edge, 0.7, null);
          fig.trace("heel-layer", "heel-layer", Level.DETAIL, lay, li);
        }
      }
    }

    void addSole(double toeEndX, double tipX, Look soleLook, Color soleEdge, int upperIdx) {
      double xa = x0 - 2;
      double xb = Math.max(toeEndX, tipX) + 2.5;
      int n = 60;
      List<double[]> topPts = new ArrayList<>();
      List<double[]> botPts = new ArrayList<>();
      for (int i = 0; i <= n; i++) {
        double xx = xa + (xb - xa) * i / n;
        topPts.add(new double[] {xx, top(xx)});
      }
      // bottom, from toe back to heel; lugs as notches
      double step = (xb - xa) / n;
      for (int i = n; i >= 0; i--) {
        double xx = xa + (xb - xa) * i / n;
        double yb = bottom(xx);
        if (d.soleStyle() == SoleStyle.LUG && !(heeled && xx < ballX() - 0.1 * len)) {
          double phase = ((xx - xa) % 9.0) / 9.0;
          yb -= phase < 0.45 ? 0 : 2.6;
        }
        botPts.add(new double[] {xx, yb});
      }
      double[] tTop = topPts.get(topPts.size() - 1);
      double[] tBot = botPts.get(0);
      double[] hTop = topPts.get(0);
      double[] hBot = botPts.get(botPts.size() - 1);
      Poly toeCap = Poly.smooth(false, 6, tTop[0], tTop[1], tTop[0] + 2.2, mix(tTop[1], tBot[1], 0.5),
          tBot[0], tBot[1]);
      Poly heelCap = Poly.smooth(false, 6, hBot[0], hBot[1], hBot[0] - 2.2, mix(hTop[1], hBot[1], 0.5),
          hTop[0], hTop[1]);
      Poly sole = Poly.of(topPts, false).concat(toeCap, Poly.of(botPts, false), heelCap).closedCopy(true);
      int si = fig.fill("sole", sole.toPath(), soleLook, soleEdge, 0.8);
      fig.trace("sole-top", "sole", Level.MAJOR, Poly.of(topPts, false), si);
      if (d.soleStyle() == SoleStyle.CUPSOLE) {
        List<double[]> mid = new ArrayList<>();
        for (int i = 2; i <= n - 2; i++) {
          double xx = xa + (xb - xa) * i / n;
          mid.add(new double[] {xx, mix(top(xx), bottom(xx), 0.5)});
        }
        Poly fox = Poly.of(mid, false);
        int fi = fig.line("foxing", fox.toPath(), soleEdge, 1.0, null);
        fig.trace("foxing", "foxing", Level.DETAIL, fox, fi);
      }
      if (d.soleStyle() == SoleStyle.LUG) {
        double xx = xa + 9 * 0.45 + 4;
        int k = 0;
        while (xx < xb - 8) {
          if (!(heeled && xx < ballX() - 0.1 * len) && (k % 2 == 0)) {
            Poly tread = Poly.of(false, xx, bottom(xx) - 3, xx, mix(top(xx), bottom(xx), 0.4));
            int ti = fig.line("tread", tread.toPath(), soleEdge, 0.8, null);
            fig.trace("tread", "~tread", Level.DETAIL, tread, ti);
          }
          xx += 9;
          k++;
        }
      }
      if (d.stitchSole()) {
        List<double[]> st = new ArrayList<>();
        for (int i = 2; i <= n - 3; i++) {
          double xx = xa + (xb - xa) * i / n;
          st.add(new double[] {xx, top(xx) + Math.min(3.2, d.sole() * 0.45)});
        }
        if (d.sole() >= 5.5) {
          Poly stitch = Poly.of(st, false);
          int i = fig.line("welt-stitch", stitch.toPath(), PhotoRenderer.lighter(d.soleColour(), 0.5), 0.7,
              new float[] {2.2f, 1.8f});
          fig.dashedTrace("welt-stitch", "~stitch-welt", stitch, i);
        }
      }
    }

    void addCap(Area upperArea, Color upperEdge) {
      if (d.cap() == Cap.NONE) {
        return;
      }
      double tx = x(1) + toeExt;
      Area cap;
      Color c;
      switch (d.cap()) {
        case BUMPER -> {
          cap = new Area(Poly.ellipse(tx + 0.02 * len, top(tx) + 2, 0.13 * len, d.toeHeight() * 0.72, 48).toPath());
          c = d.soleColour();
        }
        case WING -> {
          cap = new Area(Poly.ellipse(tx, top(tx) - 2, 0.23 * len, d.toeHeight() * 1.15, 48).toPath());
          double wx = x(0.5);
          cap.add(new Area(Poly.smooth(true, 8, x(0.62), top(x(0.62)) + 2, x(0.7), top(x(0.7)) - d.toeHeight() * 0.7,
              wx, top(wx) - d.toeHeight() * 0.28, wx - 4, top(wx) + 2).toPath()));
          c = PhotoRenderer.darker(d.upper(), 0.06);
        }
        default -> {
          cap = new Area(Poly.ellipse(tx, top(tx) - 2, 0.2 * len, d.toeHeight() * 1.1, 48).toPath());
          c = d.type() == Type.PUMP ? d.accent() : PhotoRenderer.darker(d.upper(), 0.05);
        }
      }
      cap.intersect(upperArea);
      Look look = d.cap() == Cap.BUMPER ? Look.linear(c, 1.3, 0.6) : upperLook().recoloured(c);
      int ci = fig.overlay("toe-cap", cap, look, upperEdge, 0.9);
      List<Poly> lines = Poly.fromShape(cap, 0.3);
      for (Poly pl : lines) {
        fig.trace("toe-cap", "toe-cap", Level.MAJOR, pl, ci);
      }
      if (d.stitchCap() && d.cap() != Cap.BUMPER) {
        for (Poly pl : lines) {
          Poly st = pl.offset(pl.signedArea() > 0 ? -3.2 : 3.2);
          Poly cut = clipInside(st, upperArea, 2.0);
          if (cut != null) {
            int si = fig.line("cap-stitch", cut.toPath(), stitchColour(), 0.7, new float[] {2.2f, 1.8f});
            fig.dashedTrace("cap-stitch", "~stitch-cap", cut, si);
          }
        }
      }
      if (d.ornament() == Ornament.BROGUE) {
        for (Poly pl : lines) {
          Poly st = pl.offset(pl.signedArea() > 0 ? -5.5 : 5.5);
          Poly cut = clipInside(st, upperArea, 4.0);
          if (cut != null) {
            int bi = fig.line("brogue", cut.toPath(), PhotoRenderer.darker(d.upper(), 0.6), 1.3,
                new float[] {0.1f, 3.2f});
            fig.dashedTrace("brogue", "~brogue", cut, bi);
          }
        }
      }
    }

    /** The longest run of a polyline's points that lie inside the area (at least {@code margin} deep). */
    static Poly clipInside(Poly pl, Area area, double margin) {
      Poly dense = pl.resampled(1.0);
      List<double[]> best = null;
      List<double[]> cur = new ArrayList<>();
      for (int i = 0; i < dense.size(); i++) {
        double px = dense.xs[i];
        double py = dense.ys[i];
        boolean in = area.contains(px, py) && area.contains(px + margin, py) && area.contains(px - margin, py)
            && area.contains(px, py + margin) && area.contains(px, py - margin);
        if (in) {
          cur.add(new double[] {px, py});
        } else {
          if (best == null || cur.size() > best.size()) {
            best = cur;
          }
          cur = new ArrayList<>();
        }
      }
      if (best == null || cur.size() > best.size()) {
        best = cur;
      }
      return best.size() < 6 ? null : Poly.of(best, false);
    }

    void addLogo(Area upperArea, Poly eyestayEdge) {
      double ch = d.collarHeight();
      Color c = d.accent();
      Color edge = PhotoRenderer.darker(c, 0.35);
      switch (d.logo()) {
        case STRIPES -> {
          if (eyestayEdge == null) {
            return;
          }
          double w = 5.5;
          double gap = 4.5;
          for (int k = 0; k < d.stripes(); k++) {
            double[] a = eyestayEdge.at(0.25 + 0.14 * k);
            double slant = 0.13 * len;
            double bx = a[0] - slant + (w + gap) * 0.2 * k;
            Poly band = Poly.of(true, a[0] - 1, a[1] - 2, a[0] - 1 + w, a[1] - 2, bx + w, top(bx + w) - 1,
                bx, top(bx) - 1);
            Area ba = new Area(band.toPath());
            ba.intersect(upperArea);
            int bi = fig.overlay("stripe", ba, Look.linear(c, 1.3, 0.5), edge, 0.6);
            for (Poly pl : Poly.fromShape(ba, 0.3)) {
              fig.trace("stripe", "stripe", Level.DETAIL, pl, bi);
            }
          }
        }
        case SWOOSH -> {
          double h0 = Math.min(ch * 0.5, 26);
          Poly outer = Poly.smooth(false, 8, x(0.15), top(x(0.15)) - h0, x(0.24), top(x(0.24)) - 9,
              x(0.42), top(x(0.42)) - 8, x(0.6), top(x(0.6)) - d.toeHeight() * 0.75);
          Poly inner = Poly.smooth(false, 8, x(0.6), top(x(0.6)) - d.toeHeight() * 0.75, x(0.42),
              top(x(0.42)) - 14, x(0.27), top(x(0.27)) - 16, x(0.15), top(x(0.15)) - h0);
          Poly sw = outer.concat(inner).closedCopy(true);
          Area a = new Area(sw.toPath());
          a.intersect(upperArea);
          int si = fig.overlay("swoosh", a, Look.linear(c, 1.3, 0.5), edge, 0.6);
          fig.trace("swoosh", "swoosh", Level.DETAIL, sw, si);
        }
        case CIRCLE -> {
          double[] q = p(0.1, Math.min(ch * 0.55, 40));
          Poly circle = Poly.ellipse(q[0], q[1], 5.5, 5.5, 24);
          int ci = fig.overlay("logo", circle.toPath(), Look.linear(c, 1.3, 0.5), edge, 0.6);
          fig.trace("logo", "logo", Level.DETAIL, circle, ci);
        }
        case STAR -> {
          double[] q = p(0.1, Math.min(ch * 0.55, 40));
          List<double[]> pts = new ArrayList<>();
          for (int i = 0; i < 10; i++) {
            double r = (i % 2 == 0) ? 7 : 3;
            double a = -StrictMath.PI / 2 + i * StrictMath.PI / 5;
            pts.add(new double[] {q[0] + r * StrictMath.cos(a), q[1] + r * StrictMath.sin(a)});
          }
          Poly star = Poly.of(pts, true);
          int si = fig.overlay("logo", star.toPath(), Look.linear(c, 1.3, 0.5), edge, 0.6);
          fig.trace("logo", "logo", Level.DETAIL, star, si);
        }
        default -> {
        }
      }
    }

    void addLacing(Poly frontEdge, Poly eyestayEdge, Color upperEdge) {
      int ei = fig.line("eyestay", eyestayEdge.toPath(), upperEdge, 0.9, null);
      fig.trace("eyestay", "eyestay", Level.MAJOR, eyestayEdge, ei);
      double fEnd = d.type() == Type.DERBY ? 0.3 : 0.42;
      Poly lacing = frontEdge.between(0.0, fEnd);
      Poly centre = lacing.offset(d.eyestayWidth() * 0.5);
      int n = d.eyelets();
      Color ring = new Color(190, 186, 170);
      for (int k = 0; k < n; k++) {
        double f = 0.08 + 0.86 * k / Math.max(1, n - 1);
        double[] e = centre.at(f);
        Poly eyelet = Poly.ellipse(e[0], e[1], 2.2, 2.2, 12);
        int i = fig.overlay("eyelet", eyelet.toPath(), Look.flat(PhotoRenderer.darker(d.upper(), 0.6)), ring, 0.8);
        fig.trace("eyelet", "eyelet", Level.DETAIL, eyelet, i);
        double[] top = lacing.at(Math.min(1, f + 0.05));
        double[] tan = lacing.tangentAt(Math.min(1, f + 0.05));
        double[] over = new double[] {top[0] + tan[1] * 1.5, top[1] - tan[0] * 1.5};
        Poly lace = Poly.of(false, e[0], e[1], over[0], over[1]);
        int li = fig.line("lace", lace.toPath(), d.lace(), 2.4, null);
        // a person draws the lace as a bar across the eyelet, from the far side of the lacing
        double lx = over[0] - e[0];
        double ly = over[1] - e[1];
        Poly laceStroke = Poly.of(false, e[0] - 0.6 * lx, e[1] - 0.6 * ly, over[0] + 0.15 * lx, over[1] + 0.15 * ly);
        fig.trace("lace", "lace", Level.DETAIL, laceStroke, li);
      }
      if (d.laceBow() && d.type() != Type.DERBY) {
        double[] e = centre.at(0.08);
        Poly loop = Poly.smooth(true, 6, e[0], e[1] - 2, e[0] - 9, e[1] - 7, e[0] - 12, e[1] + 1,
            e[0] - 6, e[1] + 3);
        int li = fig.line("lace-bow", loop.toPath(), d.lace(), 1.8, null);
        fig.trace("lace-bow", "lace-bow", Level.DETAIL, loop, li);
        Poly end = Poly.smooth(false, 6, e[0], e[1], e[0] - 3, e[1] + 8, e[0] - 1, e[1] + 15);
        int ei2 = fig.line("lace-end", end.toPath(), d.lace(), 1.8, null);
        fig.trace("lace-end", "lace-bow", Level.DETAIL, end, ei2);
      }
    }

    void addOrnament(Poly frontEdge, double[] throat, Color upperEdge) {
      Color metal = new Color(200, 190, 150);
      switch (d.ornament()) {
        case BOW -> {
          double[] c = throat;
          double w = 9;
          Poly left = Poly.of(true, c[0], c[1], c[0] - w, c[1] - 5, c[0] - w + 1, c[1] + 5);
          Poly right = Poly.of(true, c[0], c[1], c[0] + w, c[1] - 6, c[0] + w - 1, c[1] + 4);
          Color bc = PhotoRenderer.mix(d.upper(), d.accent(), 0.5);
          int li = fig.fill("bow", left.toPath(), Look.linear(bc, 1.3, 0.8), upperEdge, 0.7);
          fig.trace("bow", "bow", Level.DETAIL, left, li);
          int ri = fig.fill("bow", right.toPath(), Look.linear(bc, 1.3, 0.8), upperEdge, 0.7);
          fig.trace("bow", "bow", Level.DETAIL, right, ri);
          Poly knot = Poly.ellipse(c[0], c[1], 2.4, 3, 12);
          fig.fill("bow-knot", knot.toPath(), Look.flat(PhotoRenderer.darker(bc, 0.2)), upperEdge, 0.6);
        }
        case BUCKLE -> {
          double[] q = d.type() == Type.PUMP ? frontEdge.at(0.1) : p(0.32, d.collarHeight() * 0.55);
          double cx = q[0];
          double cy = q[1] + (d.type() == Type.PUMP ? 6 : 0);
          Poly outer = Poly.roundedRect(cx - 5, cy - 4, cx + 5, cy + 4, 1.5);
          Poly inner = Poly.roundedRect(cx - 3, cy - 2, cx + 3, cy + 2, 1);
          Area ring = new Area(outer.toPath());
          ring.subtract(new Area(inner.toPath()));
          int bi = fig.overlay("buckle", ring, Look.gloss(metal, 1.2, 0.9), PhotoRenderer.darker(metal, 0.4), 0.5);
          fig.trace("buckle", "buckle", Level.DETAIL, outer, bi);
          fig.trace("buckle", "buckle", Level.DETAIL, inner, bi);
        }
        case TASSEL -> {
          double[] q = frontEdge.at(0.12);
          Poly knot = Poly.ellipse(q[0], q[1] + 3, 2.5, 2.5, 12);
          Poly t1 = Poly.smooth(true, 5, q[0] - 1, q[1] + 5, q[0] - 4, q[1] + 12, q[0] - 1.5, q[1] + 16);
          Poly t2 = Poly.smooth(true, 5, q[0] + 1, q[1] + 5, q[0] + 2, q[1] + 13, q[0] + 4.5, q[1] + 15);
          Color tc = PhotoRenderer.darker(d.upper(), 0.25);
          int k = fig.fill("tassel", knot.toPath(), Look.flat(tc), upperEdge, 0.6);
          fig.trace("tassel", "tassel", Level.DETAIL, knot, k);
          int a = fig.fill("tassel", t1.toPath(), Look.linear(tc, 1.3, 0.7), upperEdge, 0.6);
          fig.trace("tassel", "tassel", Level.DETAIL, t1, a);
          int b = fig.fill("tassel", t2.toPath(), Look.linear(tc, 1.3, 0.7), upperEdge, 0.6);
          fig.trace("tassel", "tassel", Level.DETAIL, t2, b);
        }
        case PENNY_STRAP -> {
          Poly edgeA = frontEdge.between(0.08, 0.28);
          Poly strap = edgeA.concat(edgeA.offset(11).reversed()).closedCopy(true);
          int si = fig.overlay("strap", strap.toPath(), Look.linear(PhotoRenderer.darker(d.upper(), 0.1), 1.3, 0.9),
              upperEdge, 0.8);
          fig.trace("strap", "strap", Level.MAJOR, strap, si);
          double[] m = edgeA.offset(5.5).at(0.5);
          Poly slot = Poly.ellipse(m[0], m[1], 5, 1.6, 14);
          int li = fig.overlay("strap-slot", slot.toPath(), Look.flat(PhotoRenderer.darker(d.upper(), 0.6)), null, 0);
          fig.trace("strap-slot", "strap", Level.DETAIL, slot, li);
        }
        case HORSEBIT -> {
          double[] a = frontEdge.at(0.1);
          double[] b = frontEdge.at(0.3);
          Poly bar = Poly.of(false, a[0], a[1] + 4, b[0], b[1] + 4);
          int bi = fig.line("horsebit", bar.toPath(), metal, 2.0, null);
          fig.trace("horsebit", "horsebit", Level.DETAIL, bar, bi);
          for (double[] q : new double[][] {a, b}) {
            Poly r = Poly.ellipse(q[0], q[1] + 4, 2.8, 2.8, 12);
            int ri = fig.line("horsebit-ring", r.toPath(), metal, 1.3, null);
            fig.trace("horsebit-ring", "horsebit", Level.DETAIL, r, ri);
          }
        }
        default -> {
        }
      }
    }

    /** The curve raised by {@code h * sin(pi * f)} over its arc-length fraction f. */
    static Poly raise(Poly curve, double h) {
      double total = curve.length();
      double[] xs = curve.xs.clone();
      double[] ys = curve.ys.clone();
      double s = 0;
      for (int i = 0; i < xs.length; i++) {
        if (i > 0) {
          s += Math.hypot(curve.xs[i] - curve.xs[i - 1], curve.ys[i] - curve.ys[i - 1]);
        }
        double f = total == 0 ? 0 : s / total;
        ys[i] -= h * StrictMath.sin(StrictMath.PI * Math.pow(f, 0.8));
      }
      return new Poly(xs, ys, false);
    }

    static double mix(double a, double b, double t) {
      return a + (b - a) * t;
    }
  }
}
