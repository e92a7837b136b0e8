package dev.costguard.cost;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * A rate that turns an integer quantity (millicores, bytes, GPU slices, pico-watts) into pico-units
 * (10^-12) of money, watts or grams per hour, without allocating.
 *
 * <p>The rate is the binary fixed-point number {@code mantissa / 2^shift}, with the mantissa
 * normalised to 62 bits and rounded up, so applying it is one 128-bit multiply and a shift, and the
 * result is the exact product rounded down or up to a whole pico-unit: exact when that is a whole
 * number. BigDecimal arithmetic, by contrast, would allocate several objects per pod (memory priced
 * per byte has 30 decimal places).
 */
record PicoRate(long mantissa, int shift) {
  static final PicoRate ZERO = new PicoRate(0, 0);

  private static final int MANTISSA_BITS = 62;
  // quantity < 2^63 and mantissa < 2^62, so a product shifted by 125 or more is always zero
  private static final int MAX_SHIFT = 125;

  /**
   * The rate of {@code amount} per {@code perQuantity} units, e.g. 0.031611 per 1000 millicores.
   */
  static PicoRate of(BigDecimal amount, BigDecimal perQuantity) {
    if (amount.signum() < 0 || perQuantity.signum() <= 0) {
      throw new IllegalArgumentException("rate needs amount >= 0 and quantity > 0");
    }
    if (amount.signum() == 0) {
      return ZERO;
    }
    BigDecimal picos = amount.movePointRight(12);
    BigInteger whole = picos.divide(perQuantity, 0, RoundingMode.FLOOR).toBigInteger();
    int shift = whole.signum() > 0 ? MANTISSA_BITS - whole.bitLength() : MANTISSA_BITS;
    BigInteger mantissa = scaled(picos, perQuantity, shift);
    // below one pico per unit the mantissa may still be short of 62 bits: widen the shift
    while (mantissa.bitLength() < MANTISSA_BITS && shift < MAX_SHIFT) {
      shift++;
      mantissa = scaled(picos, perQuantity, shift);
    }
    if (shift < 0) {
      throw new IllegalArgumentException("rate too large: " + amount + " per " + perQuantity);
    }
    return new PicoRate(mantissa.longValueExact(), shift);
  }

  // Rounded up, so whole products stay exact: the excess, under 2^-61 of the product, cannot
  // reach the next pico-unit and the shift drops it.
  private static BigInteger scaled(BigDecimal picos, BigDecimal perQuantity, int shift) {
    BigDecimal twoToShift = new BigDecimal(BigInteger.ONE.shiftLeft(Math.max(shift, 0)));
    return picos.multiply(twoToShift).divide(perQuantity, 0, RoundingMode.CEILING).toBigInteger();
  }

  /** Pico-units for {@code quantity} (>= 0), within one of the exact product. */
  long picosFor(long quantity) {
    long high = Math.multiplyHigh(quantity, mantissa);
    long low = quantity * mantissa;
    if (shift >= 64) {
      return high >>> (shift - 64);
    }
    boolean overflows = shift == 0 ? (high != 0 || low < 0) : (high >>> (shift - 1)) != 0;
    if (overflows) {
      throw new ArithmeticException("rate overflow for a quantity of " + quantity);
    }
    return shift == 0 ? low : (high << (64 - shift)) | (low >>> shift);
  }
}
