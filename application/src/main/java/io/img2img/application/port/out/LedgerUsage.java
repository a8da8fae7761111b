package io.img2img.application.port.out;

import java.time.Instant;
import java.util.List;

/**
 * The ledger's spending per UTC day, read in one snapshot ({@link JobLedger#usage}).
 *
 * @param now  the database's clock when read: its UTC day is the last of {@code days}
 * @param days one entry per UTC day, oldest first, ending with today; a day with nothing has zeros
 */
public record LedgerUsage(Instant now, List<UsageDay> days) {
    public LedgerUsage {
        days = List.copyOf(days);
        if (days.isEmpty()) {
            throw new IllegalArgumentException("days must not be empty: today is always reported");
        }
    }

    public UsageDay today() {
        return days.get(days.size() - 1);
    }
}
