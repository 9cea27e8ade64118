package io.stowage.oci;

import io.stowage.api.StowageException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes in configuration, as people write them: {@code 1048576}, {@code 500MB}, {@code 2GB},
 * {@code 1.5GiB}. KB, MB, GB and TB are decimal (as the SIZE column Stowage prints), KiB, MiB, GiB
 * and TiB binary; case does not matter, nor a space before the unit.
 */
public final class Sizes {
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]i?b|b)?");

    private Sizes() {
    }

    /**
     * The bytes {@code text} names.
     *
     * @param what how a message names the setting ({@code upload.max.size in io.stowage.server})
     * @throws StowageException INVALID naming the setting and the text when it is not a size
     */
    public static long parse(String text, String what) {
        Matcher m = SIZE.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new StowageException(StowageException.Reason.INVALID, what + ": \"" + io.stowage.api.TerminalText.escape(
                    String.valueOf(text)) + "\" is not a size (write it as 500MB, 2GB, 1GiB or a number of bytes)");
        }
        String unit = m.group(2) == null ? "b" : m.group(2);
        double base = unit.contains("i") ? 1024 : 1000;
        int power = "bkmgt".indexOf(unit.charAt(0));
        double bytes = Double.parseDouble(m.group(1)) * Math.pow(base, power);
        if (bytes >= Long.MAX_VALUE) {
            throw new StowageException(StowageException.Reason.INVALID, what + ": " + text + " is too large");
        }
        return (long) bytes;
    }

    /**
     * {@code bytes} as Docker prints a size (go-units' HumanSizeWithPrecision): decimal units,
     * three significant digits: {@code 5.54MB}, {@code 117MB}, {@code 1.08GB}.
     */
    public static String format(long bytes) {
        double size = bytes;
        int i = 0;
        while (size >= 1000 && i < UNITS.length - 1) {
            size /= 1000;
            i++;
        }
        return formatG(size, 3) + UNITS[i];
    }

    /** Go's {@code %.<precision>g}: shortest form, trailing zeros dropped, exponent past the precision. */
    static String formatG(double value, int precision) {
        if (value == 0) {
            return "0";
        }
        java.math.BigDecimal rounded = new java.math.BigDecimal(value).round(new java.math.MathContext(precision, java.math.RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= precision) {
            java.math.BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
            String sign = exponent < 0 ? "-" : "+";
            return mantissa.toPlainString() + "e" + sign + String.format("%02d", Math.abs(exponent));
        }
        return rounded.stripTrailingZeros().toPlainString();
    }
}
