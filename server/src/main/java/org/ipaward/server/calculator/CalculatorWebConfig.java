package org.ipaward.server.calculator;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registers the calculator's direct path ({@link CalculatorFastPath}) on its one URL, after the character
 * encoding and HTTP observation (metrics) filters and before Spring Security's chain.
 */
@Configuration(proxyBeanMethods = false)
public class CalculatorWebConfig {
    /** Spring Boot's order of {@code ServerHttpObservationFilter}; the direct path comes right after it. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

    @Bean
    public FilterRegistrationBean<CalculatorFastPath> calculatorFastPath(
            PublicCalculator calculator, JsonMapper mapper) {
        FilterRegistrationBean<CalculatorFastPath> r =
                new FilterRegistrationBean<>(new CalculatorFastPath(calculator, mapper));
        r.addUrlPatterns(CalculatorFastPath.PATH);
        r.setOrder(ORDER);
        r.setName("calculatorFastPath");
        return r;
    }
}
