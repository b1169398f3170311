package org.ipaward.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A one-measure policy written to a temporary folder, for tests of files the repository does not hold. */
final class TinyPolicy {
    static final String POLICY =
            """
            policy:
              id: tiny-2025
              title: {zh: 测试区知识产权奖励办法, en: Tiny test measures}
              authority: {zh: 测试区知识产权局, en: Tiny IP office}
              region: {code: "990001", zh: 测试区, en: Tiny District}
              document_number: null
              published: 2025-01-01
              effective: {from: 2025-01-01, to: null}
              status: in_force
              source: tiny.txt
              currency: CNY
              rounding: {scale: 2, mode: HALF_UP}
              matter_year_offset: 1
              cite: {clause: 五, quote: 对上一年度获得的称号给予奖励}

            applicants:
              kinds: [enterprise]
              region:
                - {basis: registered, kinds: [enterprise]}
              first_rights_holder_only: false
              cite: {clause: 二, quote: 在本区登记注册的企业}

            materials:
              licence: {zh: 营业执照, en: Business licence, clause: 四.1}

            parameters:
              title_amount:
                label: {zh: 称号奖励, en: Title award}
                type: money
                unit: yuan
                cite: {clause: 三, quote: 一次性奖励5万元}
                values:
                  2025-01-01: 50000

            measures:
              - id: TINY-title
                title: {zh: 称号奖励, en: Title award}
                clause: 三
                quote: 对获得称号的企业，一次性奖励5万元。
                category: management
                award:
                  kind: fixed
                  amount: title_amount
                materials: [licence]
            """;

    static final String PASSING_CASE =
            """
            - name: 在本区登记的企业获得称号，奖励5万元
              as_of: 2026-03-01
              subject: {kind: enterprise, registered_region: "990001"}
              claims:
                - {measure: TINY-title, year: 2025}
              expect:
                - {status: eligible, amount: 50000}
            - name: 施行之前的年度不予奖励
              as_of: 2025-03-01
              subject: {kind: enterprise, registered_region: "990001"}
              claims:
                - {measure: TINY-title, year: 2024}
              expect:
                - {status: not_eligible, failed: [policy.period]}
            - name: 只奖励上一年度的事项
              as_of: 2026-03-01
              subject: {kind: enterprise, registered_region: "990001"}
              claims:
                - {measure: TINY-title, year: 2026}
              expect:
                - {status: not_eligible, failed: [policy.matter-year]}
            - name: 事业单位不在适用范围
              as_of: 2026-03-01
              subject: {kind: institution, registered_region: "990001"}
              claims:
                - {measure: TINY-title, year: 2025}
              expect:
                - {status: not_eligible, failed: [applicants.kind, applicants.region]}
            - name: 外区企业不予奖励
              as_of: 2026-03-01
              subject: {kind: enterprise, registered_region: "110117"}
              claims:
                - {measure: TINY-title, year: 2025}
              expect:
                - {status: not_eligible, failed: [applicants.region]}
            """;

    static final String FAILING_CASE =
            """
            - name: 期望金额写错的用例应当失败
              as_of: 2026-03-01
              subject: {kind: enterprise, registered_region: "990001"}
              claims:
                - {measure: TINY-title, year: 2025}
              expect:
                - {status: eligible, amount: 1}
            """;

    private TinyPolicy() {}

    /** Writes the policy, and the given case files, into {@code dir/tiny-2025}; returns the policy folder. */
    static Path write(Path dir, String policy, String... cases) throws IOException {
        Path folder = dir.resolve("tiny-2025");
        Files.createDirectories(folder.resolve("cases"));
        Files.writeString(folder.resolve("policy.yaml"), policy, StandardCharsets.UTF_8);
        for (int i = 0; i < cases.length; i++) {
            Files.writeString(folder.resolve("cases").resolve("case" + i + ".yaml"), cases[i], StandardCharsets.UTF_8);
        }
        return folder;
    }
}
