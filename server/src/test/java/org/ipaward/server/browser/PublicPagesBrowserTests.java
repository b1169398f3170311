package org.ipaward.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** The public pages in a real browser: Chinese drawn with glyphs, readable on a phone, usable by keyboard. */
class PublicPagesBrowserTests extends BrowserTest {
    @Test
    void theHomePageIsInChineseAndChineseIsDrawnWithRealGlyphs() {
        open("/");
        assertThat(driver.getTitle()).contains("知识产权奖补");
        assertThat(pageText()).contains("精确计算");
        assertThat(chineseRendersAsGlyphs())
                .as("Chinese is drawn with a CJK font, not as boxes (fonts-wqy-microhei)")
                .isTrue();
        screenshot("01-home");
    }

    @Test
    void thePolicyPageQuotesTheClausesAndReadsOnAPhone() {
        open("/policies/pinggu-2025");
        assertThat(all("article.card")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(find("blockquote").getText()).isNotBlank();
        fullPageScreenshot("02-policy-pinggu");
        phoneWidth();
        try {
            open("/policies/pinggu-2025");
            assertNoHorizontalScroll();
            screenshot("02-policy-pinggu-phone");
        } finally {
            desktopWidth();
        }
    }

    @Test
    void theSkipLinkTakesTheKeyboardToTheContent() {
        open("/policies");
        WebElement body = driver.findElement(By.tagName("body"));
        body.sendKeys(Keys.TAB);
        WebElement focused = driver.switchTo().activeElement();
        assertThat(focused.getAttribute("href")).endsWith("#main");
        focused.sendKeys(Keys.ENTER);
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("main");
    }

    @Test
    void theLanguageSwitchShowsEnglish() {
        open("/?lang=en");
        try {
            assertThat(pageText()).contains("Rounds open now or opening soon");
        } finally {
            open("/?lang=zh");
        }
        assertThat(pageText()).contains("正在申报和即将开始的批次");
    }
}
