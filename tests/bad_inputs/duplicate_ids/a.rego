package dup.a

# METADATA
# custom:
#   id: DUP1
deny contains "a" if { false }
