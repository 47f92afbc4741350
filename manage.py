#!/usr/bin/env python
from imt.__main__ import main

if __name__ == "__main__":
    main()
