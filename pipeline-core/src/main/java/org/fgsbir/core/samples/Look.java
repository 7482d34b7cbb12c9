package org.fgsbir.core.samples;

import java.awt.Color;

/**
 * How a filled part looks in a photo: base colour, shading model and surface texture. Only photos use
 * it; sketches use the geometry alone.
 *
 * @param color base colour
 * @param shading how light falls across the part
 * @param angle for {@link Shading#LINEAR} and {@link Shading#GLOSS}: the direction (radians, screen
 *     coordinates) from the lit to the dark side
 * @param axis for {@link Shading#CYLINDER} and {@link Shading#PRISM}: the axis end points
 *     {@code x0, y0, x1, y1} and the radius; null otherwise
 * @param contrast scale of the light-to-dark spread (1 = normal)
 * @param texture surface pattern drawn inside the part
 * @param grain direction of the texture (radians)
 * @param textureSeed seed of the texture's random layout
 */
record Look(Color color, Shading shading, double angle, double[] axis, double contrast, Texture texture,
    double grain, long textureSeed) {

  /** Shading models. */
  enum Shading {
    /** One colour. */
    FLAT,
    /** A linear gradient across the part's bounds. */
    LINEAR,
    /** A round limb lit from the upper left: dark rim, highlight, dark rim. */
    CYLINDER,
    /** A square limb: a lit face and a shaded face split along the axis. */
    PRISM,
    /** A glossy surface: strong gradient plus a specular band. */
    GLOSS
  }

  /** Surface textures, all kept sparse so that photos compress well. */
  enum Texture {
    NONE,
    /** Thin darker grain lines along {@code grain}. */
    WOOD,
    /** A faint diagonal weave. */
    FABRIC,
    /** Faint rows of small waves. */
    KNIT,
    /** A faint cross-hatch. */
    CANVAS,
    /** Scattered faint specks, for suede. */
    SPECKLE
  }

  static Look flat(Color c) {
    return new Look(c, Shading.FLAT, 0, null, 1, Texture.NONE, 0, 0);
  }

  static Look linear(Color c, double angle, double contrast) {
    return new Look(c, Shading.LINEAR, angle, null, contrast, Texture.NONE, 0, 0);
  }

  static Look gloss(Color c, double angle, double contrast) {
    return new Look(c, Shading.GLOSS, angle, null, contrast, Texture.NONE, 0, 0);
  }

  static Look cylinder(Color c, double[] a, double[] b, double radius, double contrast) {
    return new Look(c, Shading.CYLINDER, 0, new double[] {a[0], a[1], b[0], b[1], radius}, contrast,
        Texture.NONE, 0, 0);
  }

  static Look prism(Color c, double[] a, double[] b, double radius, double contrast) {
    return new Look(c, Shading.PRISM, 0, new double[] {a[0], a[1], b[0], b[1], radius}, contrast,
        Texture.NONE, 0, 0);
  }

  /** This look with a texture. */
  Look textured(Texture t, double grainAngle, long seed) {
    return new Look(color, shading, angle, axis, contrast, t, grainAngle, seed);
  }

  /** This look with another base colour. */
  Look recoloured(Color c) {
    return new Look(c, shading, angle, axis, contrast, texture, grain, textureSeed);
  }
}
