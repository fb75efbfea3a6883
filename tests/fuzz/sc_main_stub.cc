// libsystemc.so refers to sc_main(); the fuzz targets never start the SystemC kernel.
extern "C" int sc_main(int, char*[]) { return 0; }
