# Build and install the wiretrace command.
#   make                        build it (release)
#   make install                install it as $(PREFIX)/bin/wiretrace (PREFIX defaults to /usr/local)
#   make install PREFIX=~/.local
#   make uninstall
PREFIX ?= /usr/local
BINDIR = $(PREFIX)/bin

.PHONY: all build install uninstall test

all: build

build:
	swift build -c release --product wiretrace

install: build
	install -d "$(DESTDIR)$(BINDIR)"
	install -m 755 "$$(swift build -c release --show-bin-path)/wiretrace" "$(DESTDIR)$(BINDIR)/wiretrace"

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/wiretrace"

test:
	swift test
