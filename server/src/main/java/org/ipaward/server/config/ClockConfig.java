package org.ipaward.server.config;

import java.time.ZoneId;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The server's clock, in Beijing time: deadlines and publicity periods are counted in China's working days. */
@Configuration(proxyBeanMethods = false)
public class ClockConfig {
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** The system time in Beijing; a demo installation may move it forward ({@link OffsetClock}). */
    @Bean
    public OffsetClock clock() {
        return new OffsetClock(ZONE);
    }
}
