package org.iovacheck.format.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.iovacheck.format.InputException;
import org.junit.jupiter.api.Test;

class ArgvReaderTest {
    private static GuestConfig argv(String line) throws InputException {
        return ArgvReader.read(ConfigFiles.words(line, "cmd"), "cmd");
    }

    @Test
    void wordsFollowShellQuotingAndLineContinuations() throws Exception {
        assertEquals(List.of("a", "b c", "d\"e", "f", "g'h"), ConfigFiles.words("a 'b c' \"d\\\"e\" \\\n f g\\'h # comment\n", "x"));
        InputException e = assertThrows(InputException.class, () -> ConfigFiles.words("a\n'b", "x"));
        assertTrue(e.getMessage().startsWith("x:2: unterminated ' quote"), e.getMessage());
    }

    @Test
    void memoryOptionReadsBareMibAndItsProperties() throws Exception {
        assertEquals(Long.toString(4096L << 20), argv("-machine q35 -m 4096").settings().get("ram"));
        GuestConfig c = argv("-machine q35 -m size=1.5G,slots=4,maxmem=8G");
        assertEquals(Long.toString(3L << 29), c.settings().get("ram"));
        assertEquals("4", c.settings().get("slots"));
        assertEquals(Long.toString(8L << 30), c.settings().get("maxmem"));
    }

    @Test
    void devicesBackendsAndVfioAddressesAreRecorded() throws Exception {
        GuestConfig c = argv("qemu-system-x86_64 -enable-kvm -machine pc-q35-9.0 -m 8G,slots=2,maxmem=16G"
                + " -object memory-backend-ram,id=m0,size=1G -device pc-dimm,memdev=m0,addr=0x240000000"
                + " -object memory-backend-file,id=shm,size=32M,mem-path=/dev/shm/x -device ivshmem-plain,memdev=shm,id=lg"
                + " -device vfio-pci,host=41:00.0 -device vfio-pci,sysfsdev=/sys/bus/pci/devices/0000:42:00.1"
                + " -device intel-iommu,aw-bits=48 -global q35-pcihost.pci-hole64-size=64G -device virtio-net-pci,netdev=n -smp 4");
        assertEquals(List.of("0000:41:00.0", "0000:42:00.1"), c.hostdevs());
        assertEquals(new ConfigFacts.MemoryDevice("dimm", 1L << 30, 0x240000000L), c.facts().memoryDevices().get(0));
        assertEquals(List.of("lg " + (32L << 20)), c.facts().shmem());
        assertEquals("intel", c.facts().viommu());
        assertEquals(48, c.facts().viommuAwBits());
        assertEquals(Long.toString(64L << 30), c.settings().get("pci-hole64-size"));
        assertEquals("9.0", c.settings().get("machine"));
        assertTrue(c.ignored().containsAll(List.of("-device virtio-net-pci", "-smp")), c.ignored().toString());
        assertTrue(c.cpu().vendorFromHost(), "KVM without vendor= gives the host's vendor");
    }

    @Test
    void cpuHostTakesHostBitsUnderKvmAndExplicitBitsWin() throws Exception {
        GuestConfig host = argv("-machine q35,accel=kvm -cpu host,host-phys-bits-limit=39");
        assertTrue(host.cpu().physBitsFromHost());
        assertEquals(39, host.cpu().physBitsLimit());
        GuestConfig fixed = argv("-machine q35,accel=kvm -cpu host,phys-bits=42");
        assertFalse(fixed.cpu().physBitsFromHost());
        assertEquals("42", fixed.settings().get("phys-bits"));
        GuestConfig tcg = argv("-machine q35 -cpu Skylake-Client");
        assertFalse(tcg.cpu().vendorFromHost());
        assertEquals("off", tcg.settings().get("amd"));
        assertEquals("on", argv("-machine q35 -cpu qemu64,vendor=AuthenticAMD").settings().get("amd"));
    }

    @Test
    void firmwareFromBiosOrPflash() throws Exception {
        assertEquals("ovmf", argv("-machine q35 -drive if=pflash,format=raw,file=/usr/share/OVMF/OVMF_CODE.fd").facts().firmware());
        assertEquals("seabios", argv("-machine q35 -bios /usr/share/seabios/bios-256k.bin").facts().firmware());
    }

    @Test
    void badCommandLinesAreClearErrors() {
        assertTrue(assertThrows(InputException.class, () -> argv("-machine q35 -device pc-dimm,memdev=nope")).getMessage()
                .contains("memdev=nope names no -object memory-backend-*"));
        assertTrue(assertThrows(InputException.class, () -> argv("qemu-system-riscv64 -machine virt")).getMessage()
                .contains("is not modelled"));
        assertTrue(assertThrows(InputException.class, () -> argv("-machine q35 -m")).getMessage().contains("-m needs an argument"));
        assertTrue(assertThrows(InputException.class, () -> argv("qemu-system-aarch64 -m 1G")).getMessage().contains("no default machine"));
        assertTrue(assertThrows(InputException.class, () -> argv("-machine q35 -m 1G,size=2G")).getMessage().contains("'size' given twice"));
    }

    @Test
    void noMachineOnX86IsQemusDefaultPcAndSaysSo() throws Exception {
        GuestConfig c = argv("qemu-system-x86_64 -m 2G");
        assertEquals("qemu-pc", c.preset());
        assertTrue(c.notes().stream().anyMatch(n -> n.contains("default machine is pc")), c.notes().toString());
    }
}
