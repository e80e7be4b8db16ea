package dev.dos.emulator.contract;

import dev.dos.emulator.DiscordEmulator;
import java.time.Duration;
import dev.dos.testkit.RawDiscord;
import dev.dos.testkit.EmulatorFixture;

/** The emulator as a contract test's target: a fresh one per test. */
record EmulatorTarget(DiscordEmulator emulator, RawDiscord discord) implements ContractTarget {

    EmulatorTarget(EmulatorFixture fixture) {
        this(fixture.emulator(), fixture.raw());
    }

    @Override
    public String token() {
        return emulator.token();
    }

    @Override
    public String guildId() {
        return emulator.guildId();
    }

    @Override
    public String channelId(String name) {
        return emulator.channelId(name);
    }

    @Override
    public String storage() {
        return emulator.channelId("storage");
    }

    @Override
    public String anotherChannel() {
        return emulator.channelId("index");
    }

    @Override
    public String cdnUrl() {
        return emulator.cdnUrl();
    }

    @Override
    public Duration slack(Duration emulatorSlack) {
        return emulatorSlack;
    }

    @Override
    public void withdraw(String channelId, long permissions) {
        emulator.admin().setChannelPermissions(channelId, Permissions.allBut(permissions));
    }

    @Override
    public boolean live() {
        return false;
    }

    @Override
    public void close() {
        emulator.close();
    }
}
