"""The test suite; its folders mirror those of src/skl_socialmedia/."""
