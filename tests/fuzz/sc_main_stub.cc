// libsystemc.so refers to sc_main(); the fuzz targets never start the SystemC kernel.
int sc_main(int, char*[]) { return 0; }
