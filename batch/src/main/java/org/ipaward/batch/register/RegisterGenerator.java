package org.ipaward.batch.register;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Synthetic, realistic registers of any size, the same for the same seed: mostly enterprises, some public
 * institutions, persons, other organisations and IP service agencies; registered in Pinggu (110117…), Jindong
 * (330703…) or elsewhere; 亩均效益 grades A–D, unrated or unknown; for a share of rows facts already known from
 * tax or patent-office data and materials on file. Streams: nothing is held in memory.
 */
public final class RegisterGenerator {
    /** The fact columns a generated register carries (each used by a measure of the bundled policies). */
    public static final List<String> FACT_COLUMNS = List.of(
            "invention_patents",
            "invention_patents_prev_year",
            "annual_sales",
            "new_high_value_patents",
            "had_invention_patent",
            "gbt29490_certified",
            "title",
            "annual_premium",
            "insurance_premium",
            "patents_granted",
            "months_operating");

    private static final String[] ELSEWHERE = {"110105", "110108", "330702", "330782", "310115", "440305", "320506"};
    private static final String[] PINGGU_TOWNS = {"110117001", "110117002", "110117101", "110117104", "110117110"};
    private static final String[] JINDONG_TOWNS = {"330703001", "330703002", "330703100", "330703101", "330703200"};
    private static final String[] WORDS = {
        "华信", "金科", "东方", "瑞丰", "鼎新", "博远", "恒泰", "绿源", "明德", "卓越", "中科", "天成", "嘉禾", "宏图", "光华", "新诚", "汇智", "锦程",
        "精工", "安达"
    };
    private static final String[] TRADES = {"科技", "智能制造", "生物医药", "新材料", "电子", "农业科技", "食品", "机械", "信息技术", "环保"};
    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱"};
    private static final String[] GIVEN = {
        "伟", "芳", "娜", "敏", "静", "磊", "强", "洋", "艳", "勇", "军", "杰", "涛", "明", "超", "霞"
    };
    private static final String[] MATERIALS = {
        "grant_proof",
        "fee_receipts",
        "patent_list",
        "audit_report",
        "certification_certificate",
        "insurance_policy",
        "recognition_document",
        "registration_certificate"
    };
    private static final String[] TITLES = {"national_demonstration", "national_advantage"};

    private final SplittableRandom rnd;
    private long serial;

    public RegisterGenerator(long seed) {
        this.rnd = new SplittableRandom(seed);
    }

    /** The next {@code n} profiles, lazily. */
    public Iterator<ProfileRow> rows(long n) {
        return new Iterator<>() {
            long left = n;

            @Override
            public boolean hasNext() {
                return left > 0;
            }

            @Override
            public ProfileRow next() {
                if (left <= 0) {
                    throw new NoSuchElementException();
                }
                left--;
                return RegisterGenerator.this.next();
            }
        };
    }

    /** Writes {@code n} profiles of seed {@code seed} to a CSV or XLSX file. */
    public static void write(Path file, long n, long seed, RegisterSchema schema) {
        RegisterGenerator g = new RegisterGenerator(seed);
        try (RegisterFile.Writer w = RegisterFile.writer(file, schema, FACT_COLUMNS)) {
            Iterator<ProfileRow> it = g.rows(n);
            while (it.hasNext()) {
                w.write(it.next());
            }
        }
    }

    /** One more profile. */
    public ProfileRow next() {
        serial++;
        int k = rnd.nextInt(100);
        String kind = k < 82
                ? "enterprise"
                : k < 88 ? "institution" : k < 91 ? "other_org" : k < 96 ? "person" : "service_agency";
        int where = rnd.nextInt(100);
        String district = where < 38 ? "110117" : where < 78 ? "330703" : ELSEWHERE[rnd.nextInt(ELSEWHERE.length)];
        String code = district.equals("110117") && rnd.nextInt(3) == 0
                ? PINGGU_TOWNS[rnd.nextInt(PINGGU_TOWNS.length)]
                : district.equals("330703") && rnd.nextInt(3) == 0
                        ? JINDONG_TOWNS[rnd.nextInt(JINDONG_TOWNS.length)]
                        : district;
        String reg = null;
        String hh = null;
        List<String> served = List.of();
        String id;
        String name;
        if (kind.equals("person")) {
            hh = code;
            id = personId(district);
            name = SURNAMES[rnd.nextInt(SURNAMES.length)]
                    + GIVEN[rnd.nextInt(GIVEN.length)]
                    + (rnd.nextBoolean() ? GIVEN[rnd.nextInt(GIVEN.length)] : "");
        } else {
            reg = rnd.nextInt(200) == 0 ? null : code; // a few rows lack the registration region
            id = creditCode(kind, district);
            name = orgName(kind, district);
            if (kind.equals("service_agency") && rnd.nextInt(3) == 0) {
                served = rnd.nextBoolean() ? List.of("110117") : List.of("110117", "330703");
            }
        }
        String grade = null;
        if (district.equals("330703") && !kind.equals("person")) {
            int g = rnd.nextInt(100);
            grade = g < 25 ? "A" : g < 60 ? "B" : g < 80 ? "C" : g < 85 ? "D" : g < 90 ? "unrated" : null;
        } else if (rnd.nextInt(10) == 0 && !kind.equals("person")) {
            grade = "unrated";
        }
        Map<String, String> facts = Map.of();
        if (rnd.nextInt(100) < 15) {
            facts = facts(kind);
        }
        List<String> materials = null;
        if (rnd.nextInt(100) < 20) {
            materials = new ArrayList<>();
            materials.add("subject_certificate");
            for (String m : MATERIALS) {
                if (rnd.nextInt(4) == 0) {
                    materials.add(m);
                }
            }
        }
        return new ProfileRow(id, name, kind, reg, hh, served, grade, facts, materials);
    }

    private Map<String, String> facts(String kind) {
        Map<String, String> f = new LinkedHashMap<>();
        if (kind.equals("service_agency")) {
            f.put("months_operating", String.valueOf(rnd.nextInt(1, 60)));
            f.put("patents_granted", String.valueOf(rnd.nextInt(0, 400)));
            return f;
        }
        if (rnd.nextBoolean()) {
            int inv = rnd.nextInt(0, 40);
            f.put("invention_patents", String.valueOf(inv));
            f.put("invention_patents_prev_year", String.valueOf(Math.max(0, inv - rnd.nextInt(0, 8))));
            f.put("had_invention_patent", inv > 0 ? "true" : "false");
        }
        if (rnd.nextBoolean()) {
            f.put("annual_sales", (rnd.nextInt(1, 2000) * 100_000L) + ".00");
        }
        if (rnd.nextInt(4) == 0) {
            f.put("new_high_value_patents", String.valueOf(rnd.nextInt(0, 12)));
        }
        if (rnd.nextInt(5) == 0) {
            f.put("gbt29490_certified", rnd.nextBoolean() ? "true" : "false");
        }
        if (rnd.nextInt(8) == 0) {
            f.put("title", TITLES[rnd.nextInt(TITLES.length)]);
        }
        if (rnd.nextInt(6) == 0) {
            String premium = (rnd.nextInt(1, 200) * 1000) + ".00";
            f.put("annual_premium", premium);
            f.put("insurance_premium", premium);
        }
        return f;
    }

    private String orgName(String kind, String district) {
        String place = district.equals("110117") ? "北京" : district.equals("330703") ? "金华" : "";
        String w = WORDS[rnd.nextInt(WORDS.length)] + WORDS[rnd.nextInt(WORDS.length)];
        switch (kind) {
            case "institution":
                return place + w + TRADES[rnd.nextInt(TRADES.length)] + "研究院";
            case "other_org":
                return place + w + "产业协会";
            case "service_agency":
                return place + w + "知识产权代理有限公司";
            default:
                return place + w + TRADES[rnd.nextInt(TRADES.length)] + (rnd.nextInt(4) == 0 ? "股份" : "") + "有限公司";
        }
    }

    private static final String CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] CODE_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    /** A 统一社会信用代码 (GB 32100) with its check character; the serial keeps codes unique. */
    private String creditCode(String kind, String district) {
        String head = kind.equals("institution") ? "12" : kind.equals("other_org") ? "51" : "91";
        StringBuilder sb = new StringBuilder(18).append(head).append(district);
        String body = Long.toString(serial, 31).toUpperCase(java.util.Locale.ROOT);
        for (int i = body.length(); i < 9; i++) {
            sb.append(CODE_CHARS.charAt(rnd.nextInt(10)));
        }
        for (int i = Math.max(0, body.length() - 9); i < body.length(); i++) {
            int d = Character.digit(body.charAt(i), 31);
            sb.append(CODE_CHARS.charAt(d));
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += CODE_CHARS.indexOf(sb.charAt(i)) * CODE_WEIGHTS[i];
        }
        int c = 31 - sum % 31;
        sb.append(CODE_CHARS.charAt(c == 31 ? 0 : c));
        return sb.toString();
    }

    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

    /** A 身份证号 (GB 11643) with its check digit. */
    private String personId(String district) {
        StringBuilder sb = new StringBuilder(18).append(district);
        sb.append(1950 + rnd.nextInt(55));
        sb.append(String.format("%02d%02d", 1 + rnd.nextInt(12), 1 + rnd.nextInt(28)));
        sb.append(String.format("%03d", rnd.nextInt(1000)));
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (sb.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        sb.append("10X98765432".charAt(sum % 11));
        return sb.toString();
    }
}
