package io.stowage.oneshot.attach;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramesTest {
    @Test
    void framesAndHellosGoThroughWhole() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        Frames out = new Frames(new ByteArrayInputStream(new byte[0]), wire);
        Frames.Hello hello = new Frames.Hello(List.of("image:pull", "ünïcode", ""), "/home/op", 5, 120);
        out.write(Frames.HELLO, hello.encode());
        out.writeNumber(Frames.EXIT, 130);
        OutputStream stream = out.stream(Frames.OUT);
        stream.write(new byte[Frames.CHUNK + 10]); // two frames

        Frames in = new Frames(new ByteArrayInputStream(wire.toByteArray()), OutputStream.nullOutputStream());
        Frames.Frame first = in.read();
        assertEquals(Frames.HELLO, first.type());
        assertEquals(hello, Frames.Hello.decode(first.payload()));
        assertEquals(130, in.read().number());
        assertEquals(Frames.CHUNK, in.read().payload().length);
        assertArrayEquals(new byte[10], in.read().payload());
        assertNull(in.read(), "the end, between frames");
    }

    @Test
    void aFrameTooLongOrCutShortIsRefused() {
        IOException tooLong = assertThrows(IOException.class, () -> frames(new byte[] {'o', 0x7f, -1, -1, -1}).read());
        assertEquals("attach protocol: a frame of 2147483647 bytes, at most 1048576", tooLong.getMessage());
        assertThrows(IOException.class, () -> frames(new byte[] {'o', -1, -1, -1, -1}).read(), "a negative length");
        IOException cut = assertThrows(IOException.class, () -> frames(new byte[] {'o', 0, 0, 0, 9, 1, 2}).read());
        assertEquals("attach protocol: a frame cut short", cut.getMessage());
        assertThrows(IOException.class, () -> frames(new byte[] {'o', 0, 0}).read(), "a header cut short");
    }

    @Test
    void aHelloThatLiesIsRefused() throws IOException {
        byte[] good = new Frames.Hello(List.of("a"), "/", 0, 0).encode();
        byte[] version = good.clone();
        version[3] = 2;
        assertEquals("attach protocol version 2, this instance speaks 1 (bin/stowage and the running instance differ)",
                assertThrows(IOException.class, () -> Frames.Hello.decode(version)).getMessage());
        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 3);
        assertThrows(IOException.class, () -> Frames.Hello.decode(trailing));
        byte[] shortened = java.util.Arrays.copyOf(good, good.length - 1);
        assertEquals("attach protocol: the hello ends early", assertThrows(IOException.class, () -> Frames.Hello.decode(shortened)).getMessage());
        byte[] many = new Frames.Hello(List.of(), "/", 0, 0).encode();
        many[many.length - 2] = 0x7f; // the count of arguments, 4 bytes at the end
        assertEquals("attach protocol: 32512 arguments, at most 4096", assertThrows(IOException.class, () -> Frames.Hello.decode(many)).getMessage());
        Frames.Hello odd = Frames.Hello.decode(new Frames.Hello(List.of(), "/", 0xff, -5).encode());
        assertEquals(7, odd.terminals(), "three streams' bits only");
        assertEquals(0, odd.columns());
    }

    private static Frames frames(byte[] wire) {
        return new Frames(new ByteArrayInputStream(wire), OutputStream.nullOutputStream());
    }
}
