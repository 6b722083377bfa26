# -*- coding: utf-8 -*-

__author__ = 'Anthony Shaw'
__email__ = 'anthonyshaw@apache.org'
__version__ = '0.3.0'
