package org.ipaward.server.web.open;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An amount in yuan written in Chinese capitals (人民币大写) as 《支付结算办法》 and 《会计基础工作规范》 ask: digits
 * 零壹贰叁肆伍陆柒捌玖, units 拾佰仟 within groups of four and 万亿 between them; a run of zeros inside the number
 * is one 零; 整 after 元 or 角 when there are no 分. Examples: 0.00 → 零元整, 10.00 → 壹拾元整,
 * 100000.05 → 壹拾万元零伍分, 10010.10 → 壹万零壹拾元壹角整.
 */
public final class ChineseAmount {
    private static final char[] DIGITS = "零壹贰叁肆伍陆柒捌玖".toCharArray();
    private static final String[] UNITS = {"", "拾", "佰", "仟"};
    private static final String[] GROUPS = {"", "万", "亿"};

    private ChineseAmount() {}

    /**
     * The amount in capitals. Takes 0 up to (but not including) 10^12 yuan (一万亿), exact to the 分.
     *
     * @throws IllegalArgumentException for a negative amount, one beyond 分, or one too large
     */
    public static String of(BigDecimal amount) {
        if (amount == null) {
            throw new IllegalArgumentException("amount is required");
        }
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("a negative amount has no capital form here: " + amount);
        }
        BigDecimal fen;
        try {
            fen = amount.movePointRight(2).setScale(0);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("the amount is not exact to the fen: " + amount, e);
        }
        BigInteger total = fen.toBigIntegerExact();
        BigInteger[] yuanAndCents = total.divideAndRemainder(BigInteger.valueOf(100));
        String yuan = yuanAndCents[0].toString();
        if (yuan.length() > 12) {
            throw new IllegalArgumentException("the amount is too large: " + amount);
        }
        int cents = yuanAndCents[1].intValue();
        int jiao = cents / 10;
        int fenDigit = cents % 10;

        StringBuilder sb = new StringBuilder();
        boolean any = !"0".equals(yuan);
        if (any) {
            sb.append(integer(yuan)).append('元');
        }
        if (jiao == 0 && fenDigit == 0) {
            if (!any) {
                sb.append("零元");
            }
            sb.append('整');
        } else if (jiao == 0) {
            if (any) {
                sb.append('零');
            }
            sb.append(DIGITS[fenDigit]).append('分');
        } else {
            sb.append(DIGITS[jiao]).append('角');
            if (fenDigit == 0) {
                sb.append('整');
            } else {
                sb.append(DIGITS[fenDigit]).append('分');
            }
        }
        return sb.toString();
    }

    /** The whole yuan, above zero: 10010 → 壹万零壹拾. */
    private static String integer(String digits) {
        StringBuilder sb = new StringBuilder();
        int n = digits.length();
        boolean pendingZero = false;
        boolean groupHasDigit = false;
        for (int i = 0; i < n; i++) {
            int d = digits.charAt(i) - '0';
            int pos = n - 1 - i;
            if (d == 0) {
                pendingZero = sb.length() > 0;
            } else {
                if (pendingZero) {
                    sb.append('零');
                    pendingZero = false;
                }
                sb.append(DIGITS[d]).append(UNITS[pos % 4]);
                groupHasDigit = true;
            }
            if (pos % 4 == 0) {
                if (groupHasDigit) {
                    sb.append(GROUPS[pos / 4]);
                }
                groupHasDigit = false;
            }
        }
        return sb.toString();
    }
}
